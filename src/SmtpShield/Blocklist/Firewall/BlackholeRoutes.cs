namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// Blackhole routes in the main table, marked with Blocklist:RouteProtocol: the kernel cannot answer a
/// blocked client's SYN, so its connect times out. One `ip -batch -` per family and batch; -force keeps
/// a failed line from stopping the rest (ip still exits non-zero, and the batch is rebuilt).
/// </summary>
internal sealed class BlackholeRoutes(FirewallCommandRunner runner, string ip, int protocol) : IBlockInstaller
{
    private static readonly string[] s_ipv4 = ["-4", "-force", "-batch", "-"];
    private static readonly string[] s_ipv6 = ["-6", "-force", "-batch", "-"];

    public string Name => "route";

    public async Task InstallAsync(IReadOnlyList<NetworkKey> added, IReadOnlyList<NetworkKey> removed, CancellationToken cancellationToken)
    {
        foreach (bool v6 in (bool[])[false, true])
        {
            List<NetworkKey> add = [.. added.Where(n => n.IsV6 == v6)];
            List<NetworkKey> remove = [.. removed.Where(n => n.IsV6 == v6)];
            if (add.Count + remove.Count > 0)
            {
                await runner.RunAsync(ip, v6 ? s_ipv6 : s_ipv4, RouteCommand.Install(add, remove, protocol), cancellationToken);
            }
        }
    }

    public async Task RebuildAsync(IReadOnlyCollection<NetworkKey> all, CancellationToken cancellationToken)
    {
        await runner.RunAsync(ip, s_ipv4, RouteCommand.Rebuild(all.Where(n => !n.IsV6), protocol), cancellationToken);
        await runner.RunAsync(ip, s_ipv6, RouteCommand.Rebuild(all.Where(n => n.IsV6), protocol), cancellationToken);
    }
}
