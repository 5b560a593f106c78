namespace SmtpShield.Blocklist.Firewall;

/// <summary>The driver Blocklist:Driver names.</summary>
internal static class FirewallDrivers
{
    public static IFirewallBlocklist Create(BlocklistOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runner = new FirewallCommandRunner(options.CommandTimeout);
        return options.Driver switch
        {
            FirewallDriverKind.None => new NoFirewall(),
            _ => throw new NotSupportedException($"Blocklist:Driver {options.Driver} is not built yet (work in progress)"),
        };
    }
}
