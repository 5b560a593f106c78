using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Checks.ReverseDns;

internal sealed class ReverseDnsOptionsValidator : IValidateOptions<ReverseDnsOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverseDnsOptions options)
    {
        var v = new OptionsValidation(ConfigSections.ReverseDns);
        // Reverse DNS only scores; it never fails on its own, so Drop would silently act like Enforce.
        v.Require(options.Action != Verdicts.CheckAction.Drop, nameof(options.Action), "must be Enforce or Ignore (this check only adds scores)");
        v.Score(options.MissingScore, nameof(options.MissingScore));
        v.Score(options.UnconfirmedScore, nameof(options.UnconfirmedScore));
        v.Score(options.GenericNameScore, nameof(options.GenericNameScore));
        for (int i = 0; i < options.GenericPatterns.Count; i++)
        {
            string? error = null;
            try
            {
                _ = new Regex(options.GenericPatterns[i], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                error = e.Message;
            }

            v.Require(error is null, $"GenericPatterns:{i}", $"not a regular expression: {error}");
        }

        return v.Result();
    }
}
