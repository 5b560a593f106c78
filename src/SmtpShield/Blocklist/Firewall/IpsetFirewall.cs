namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// Driver "ipset": the four sets of deploy/ipset/smtpshield-ipset.sh (hash:ip and hash:net, with
/// per-element timeouts), matched by the iptables/ip6tables rules the same script inserts. One
/// `ipset restore -exist` per batch.
/// </summary>
internal sealed class IpsetFirewall(FirewallCommandRunner runner, string ipset) : IFirewallBlocklist
{
    private static readonly string[] s_arguments = ["restore", "-exist"];

    public string Name => "ipset";

    public bool ExpiresInKernel => true;

    public Task ApplyAsync(IReadOnlyList<FirewallChange> changes, CancellationToken cancellationToken) =>
        changes.Count == 0 ? Task.CompletedTask : runner.RunAsync(ipset, s_arguments, IpsetCommand.Apply(changes), cancellationToken);

    public Task ReplaceAllAsync(IReadOnlyList<FirewallElement> elements, CancellationToken cancellationToken) =>
        runner.RunAsync(ipset, s_arguments, IpsetCommand.ReplaceAll(elements), cancellationToken);
}
