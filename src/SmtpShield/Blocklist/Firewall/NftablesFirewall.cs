namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// Driver "nftables" (the production default): the four sets of table inet smtpshield
/// (deploy/nftables/smtpshield.nft), one `nft -f -` per batch. nft batches are atomic, and elements
/// carry their own timeouts, so blocks expire in the kernel even while the daemon is down.
/// </summary>
internal sealed class NftablesFirewall(FirewallCommandRunner runner, string nft) : IFirewallBlocklist
{
    private static readonly string[] s_arguments = ["-f", "-"];

    public string Name => "nftables";

    public bool ExpiresInKernel => true;

    public Task ApplyAsync(IReadOnlyList<FirewallChange> changes, CancellationToken cancellationToken) =>
        changes.Count == 0 ? Task.CompletedTask : runner.RunAsync(nft, s_arguments, NftablesCommand.Apply(changes), cancellationToken);

    public Task ReplaceAllAsync(IReadOnlyList<FirewallElement> elements, CancellationToken cancellationToken) =>
        runner.RunAsync(nft, s_arguments, NftablesCommand.ReplaceAll(elements), cancellationToken);
}
