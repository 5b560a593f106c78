using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Checks.Pregreet;

internal sealed class PregreetOptionsValidator : IValidateOptions<PregreetOptions>
{
    public ValidateOptionsResult Validate(string? name, PregreetOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Pregreet);
        // RFC 5321 §4.5.3.2.1 gives a client 5 minutes for the greeting; postscreen allows up to 1 minute too, default 6 s.
        v.InRange(options.Wait, TimeSpan.Zero, TimeSpan.FromMinutes(1), nameof(options.Wait));
        v.Require(!options.Teaser || options.Wait > TimeSpan.Zero, nameof(options.Teaser), "needs a Wait above zero (the teaser line is what the client must not answer during the wait)");
        return v.Result();
    }
}
