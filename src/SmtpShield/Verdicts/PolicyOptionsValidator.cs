using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Verdicts;

internal sealed class PolicyOptionsValidator : IValidateOptions<PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Policy);
        v.Require(options.RejectThreshold > 0 && double.IsFinite(options.RejectThreshold), nameof(options.RejectThreshold),
            $"must be a positive number (got {options.RejectThreshold})");
        v.Require(Enum.IsDefined(options.OnDnsFailure), nameof(options.OnDnsFailure), "must be FailOpen or TempFail");
        return v.Result();
    }
}
