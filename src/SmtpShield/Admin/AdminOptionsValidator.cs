using Microsoft.Extensions.Options;
using SmtpShield.Configuration;
using SmtpShield.Listener;

namespace SmtpShield.Admin;

internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Admin);
        v.Require(EndpointText.TryParse(options.Endpoint, out _), nameof(options.Endpoint),
            $"'{options.Endpoint}' is not address:port (e.g. 127.0.0.1:9925)");
        v.Require(!string.IsNullOrWhiteSpace(options.TokenFile), nameof(options.TokenFile), "must name a file");
        v.InRange(options.DefaultTtl, TimeSpan.FromSeconds(1), DurationText.Maximum, nameof(options.DefaultTtl));
        return v.Result();
    }
}
