using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Checks.Helo;

internal sealed class HeloOptionsValidator : IValidateOptions<HeloOptions>
{
    public ValidateOptionsResult Validate(string? name, HeloOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Helo);
        v.Require(options.Action != Verdicts.CheckAction.Drop, nameof(options.Action), "must be Enforce or Ignore (this check only adds scores)");
        v.Score(options.InvalidScore, nameof(options.InvalidScore));
        v.Score(options.BareAddressScore, nameof(options.BareAddressScore));
        v.Score(options.SingleLabelScore, nameof(options.SingleLabelScore));
        v.Score(options.LiteralMismatchScore, nameof(options.LiteralMismatchScore));
        v.Score(options.OwnNameScore, nameof(options.OwnNameScore));
        v.Score(options.ReverseDnsMismatchScore, nameof(options.ReverseDnsMismatchScore));
        return v.Result();
    }
}
