using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Checks.Protocol;

internal sealed class ProtocolTestOptionsValidator : IValidateOptions<ProtocolTestOptions>
{
    public ValidateOptionsResult Validate(string? name, ProtocolTestOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Protocol);
        v.InRange(options.UnknownCommandLimit, 0, 1000, nameof(options.UnknownCommandLimit));
        for (int i = 0; i < options.ForbiddenCommands.Count; i++)
        {
            string verb = options.ForbiddenCommands[i];
            v.Require(verb.Length > 0 && verb.All(char.IsAsciiLetter), $"{nameof(options.ForbiddenCommands)}:{i}", $"must be a word of ASCII letters (got '{verb}')");
        }

        return v.Result();
    }
}
