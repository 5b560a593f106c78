namespace SmtpShield.Blocklist.Firewall;

/// <summary>Driver "none": blocked clients are refused by SmtpShield itself at accept (needs no privileges).</summary>
internal sealed class NoFirewall : IFirewallBlocklist
{
    public string Name => "none";

    public bool ExpiresInKernel => true;

    public Task ApplyAsync(IReadOnlyList<FirewallChange> changes, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReplaceAllAsync(IReadOnlyList<FirewallElement> elements, CancellationToken cancellationToken) => Task.CompletedTask;
}
