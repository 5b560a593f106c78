namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// Chain SMTPSHIELD of the filter table, for IPv4 and IPv6 (created with its jump by
/// deploy/iptables/smtpshield-iptables.sh): one restore per family and batch, never a process per address.
/// </summary>
internal sealed class IptablesChain(FirewallCommandRunner runner, string iptablesRestore, string ip6tablesRestore) : IBlockInstaller
{
    // --noflush: only the lines given change the table; everything else in it (the admin's rules) stays.
    private static readonly string[] s_arguments = ["--noflush"];

    public string Name => "iptables";

    public async Task InstallAsync(IReadOnlyList<NetworkKey> added, IReadOnlyList<NetworkKey> removed, CancellationToken cancellationToken)
    {
        foreach (bool v6 in (bool[])[false, true])
        {
            List<NetworkKey> add = [.. added.Where(n => n.IsV6 == v6)];
            List<NetworkKey> remove = [.. removed.Where(n => n.IsV6 == v6)];
            if (add.Count + remove.Count > 0)
            {
                await runner.RunAsync(v6 ? ip6tablesRestore : iptablesRestore, s_arguments, IptablesCommand.Install(add, remove), cancellationToken);
            }
        }
    }

    public async Task RebuildAsync(IReadOnlyCollection<NetworkKey> all, CancellationToken cancellationToken)
    {
        await runner.RunAsync(iptablesRestore, s_arguments, IptablesCommand.Rebuild(all.Where(n => !n.IsV6)), cancellationToken);
        await runner.RunAsync(ip6tablesRestore, s_arguments, IptablesCommand.Rebuild(all.Where(n => n.IsV6)), cancellationToken);
    }
}
