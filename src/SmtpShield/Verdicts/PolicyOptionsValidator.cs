using Microsoft.Extensions.Options;
using SmtpShield.Checks.Access;
using SmtpShield.Configuration;

namespace SmtpShield.Verdicts;

internal sealed class PolicyOptionsValidator : IValidateOptions<PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Policy);
        for (int i = 0; i < options.Allow.Count; i++)
        {
            v.Require(AccessList.Parse(options.Allow[i]) is not null, $"Allow:{i}", $"'{options.Allow[i]}' is not an address or network (e.g. 192.0.2.0/24)");
        }

        for (int i = 0; i < options.Deny.Count; i++)
        {
            v.Require(AccessList.Parse(options.Deny[i]) is not null, $"Deny:{i}", $"'{options.Deny[i]}' is not an address or network (e.g. 192.0.2.0/24)");
        }

        v.Require(options.RejectThreshold > 0 && double.IsFinite(options.RejectThreshold), nameof(options.RejectThreshold),
            $"must be a positive number (got {options.RejectThreshold})");
        v.Require(options.TarpitThreshold is null || (options.TarpitThreshold > 0 && options.TarpitThreshold < options.RejectThreshold),
            nameof(options.TarpitThreshold), $"must be null (off) or between 0 and RejectThreshold ({options.RejectThreshold}), got {options.TarpitThreshold}");
        v.Require(Enum.IsDefined(options.OnDnsFailure), nameof(options.OnDnsFailure), "must be FailOpen or TempFail");
        v.InRange(options.PassCacheTtl, TimeSpan.Zero, TimeSpan.FromDays(30), nameof(options.PassCacheTtl));
        v.InRange(options.PassCacheSize, 0, 10_000_000, nameof(options.PassCacheSize));
        v.InRange(options.CheckTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), nameof(options.CheckTimeout));
        return v.Result();
    }
}
