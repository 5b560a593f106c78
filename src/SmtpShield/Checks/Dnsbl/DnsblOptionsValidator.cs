using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Checks.Dnsbl;

internal sealed class DnsblOptionsValidator : IValidateOptions<DnsblOptions>
{
    public ValidateOptionsResult Validate(string? name, DnsblOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Dnsbl);
        for (int i = 0; i < options.Zones.Count; i++)
        {
            v.Require(DnsblSite.TryParse(options.Zones[i], out _, out string? error), $"Zones:{i}", $"'{options.Zones[i]}': {error}");
        }

        // A threshold of zero or less is reached by every client nobody lists: it would reject everyone.
        v.Require(options.Threshold >= 1, nameof(options.Threshold), $"must be 1 or more (got {options.Threshold})");
        v.Require(options.AllowlistThreshold < options.Threshold, nameof(options.AllowlistThreshold),
            $"must be below Threshold ({options.Threshold}), got {options.AllowlistThreshold}");
        v.Require(options.HealthProbeInterval == TimeSpan.Zero || options.HealthProbeInterval >= TimeSpan.FromSeconds(10),
            nameof(options.HealthProbeInterval), $"must be 00:00:00 (off) or at least 00:00:10, got {options.HealthProbeInterval:c}");
        return v.Result();
    }
}
