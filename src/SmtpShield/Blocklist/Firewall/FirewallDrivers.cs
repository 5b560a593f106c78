using Microsoft.Extensions.Logging;

namespace SmtpShield.Blocklist.Firewall;

/// <summary>The driver Blocklist:Driver names.</summary>
internal static class FirewallDrivers
{
    public static IFirewallBlocklist Create(BlocklistOptions options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var runner = new FirewallCommandRunner(options.CommandTimeout);
        return options.Driver switch
        {
            FirewallDriverKind.Nftables => new NftablesFirewall(runner, options.NftPath),
            FirewallDriverKind.Ipset => new IpsetFirewall(runner, options.IpsetPath),
            FirewallDriverKind.Iptables => new InstallingFirewall(
                new IptablesChain(runner, options.IptablesRestorePath, options.Ip6tablesRestorePath), loggers.CreateLogger<InstallingFirewall>()),
            FirewallDriverKind.Route => new InstallingFirewall(
                new BlackholeRoutes(runner, options.IpPath, options.RouteProtocol), loggers.CreateLogger<InstallingFirewall>()),
            FirewallDriverKind.None => new NoFirewall(),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Driver, "unknown Blocklist:Driver"),
        };
    }
}
