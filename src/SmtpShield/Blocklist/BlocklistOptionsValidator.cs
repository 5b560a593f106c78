using Microsoft.Extensions.Options;
using SmtpShield.Blocklist.Firewall;
using SmtpShield.Configuration;

namespace SmtpShield.Blocklist;

internal sealed class BlocklistOptionsValidator : IValidateOptions<BlocklistOptions>
{
    public ValidateOptionsResult Validate(string? name, BlocklistOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Blocklist);
        v.Require(Enum.IsDefined(options.Driver), nameof(options.Driver), "must be none, nftables, ipset, iptables or route");
        v.InRange(options.Ttl, TimeSpan.FromSeconds(1), TimeSpan.FromDays(365), nameof(options.Ttl));
        v.InRange(options.MaxTtl, options.Ttl, TimeSpan.FromDays(3650), nameof(options.MaxTtl));
        v.Require(double.IsFinite(options.EscalationFactor) && options.EscalationFactor is >= 1 and <= 100, nameof(options.EscalationFactor),
            $"must be between 1 and 100 (got {options.EscalationFactor})");
        v.Require(double.IsFinite(options.Jitter) && options.Jitter is >= 0 and < 1, nameof(options.Jitter), $"must be at least 0 and below 1 (got {options.Jitter})");
        v.InRange(options.OffenceMemory, TimeSpan.Zero, TimeSpan.FromDays(3650), nameof(options.OffenceMemory));
        v.InRange(options.Ipv4Prefix, 8, 32, nameof(options.Ipv4Prefix));
        v.InRange(options.Ipv6Prefix, 16, 128, nameof(options.Ipv6Prefix));
        for (int i = 0; i < options.Allow.Count; i++)
        {
            v.Require(AddressText.TryParseNetwork(options.Allow[i], out _), $"Allow:{i}", $"'{options.Allow[i]}' is not an address or network (e.g. 192.0.2.0/24)");
        }

        for (int i = 0; i < options.Static.Count; i++)
        {
            v.Require(AddressText.TryParseNetwork(options.Static[i], out _), $"Static:{i}", $"'{options.Static[i]}' is not an address or network (e.g. 192.0.2.0/24)");
        }

        v.Require(Enum.IsDefined(options.OnBlockedClient), nameof(options.OnBlockedClient), "must be Close or Tarpit");
        v.InRange(options.TarpitTime, TimeSpan.Zero, TimeSpan.FromMinutes(10), nameof(options.TarpitTime));
        v.InRange(options.MaxTarpitted, 0, 100_000, nameof(options.MaxTarpitted));
        v.InRange(options.BatchInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10), nameof(options.BatchInterval));
        v.InRange(options.PurgeInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), nameof(options.PurgeInterval));
        v.Require(options.DatabaseFile is null || !string.IsNullOrWhiteSpace(options.DatabaseFile), nameof(options.DatabaseFile), "must name a file (or be null)");
        foreach ((string key, string value) in new[]
        {
            (nameof(options.NftPath), options.NftPath), (nameof(options.IpsetPath), options.IpsetPath),
            (nameof(options.IptablesRestorePath), options.IptablesRestorePath), (nameof(options.Ip6tablesRestorePath), options.Ip6tablesRestorePath),
            (nameof(options.IpPath), options.IpPath),
        })
        {
            v.Require(!string.IsNullOrWhiteSpace(value), key, "must name a program");
        }

        // 0-4 are the kernel's own (unspec, redirect, kernel, boot, static): never flush those.
        v.InRange(options.RouteProtocol, 5, 255, nameof(options.RouteProtocol));
        v.Require(options.Driver != FirewallDriverKind.Ipset || options.MaxTtl <= IpsetCommand.MaxTimeout, nameof(options.MaxTtl),
            $"must be at most {IpsetCommand.MaxTimeout:c} with Driver ipset (the longest timeout an ipset element can carry; got {options.MaxTtl:c})");
        v.InRange(options.CommandTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), nameof(options.CommandTimeout));
        return v.Result();
    }
}
