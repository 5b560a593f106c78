using Microsoft.Extensions.Options;
using SmtpShield.Dns;

namespace SmtpShield.Checks;

/// <summary>The resolver's own rules ("Dns" section), reported with their keys.</summary>
internal sealed class DnsOptionsValidator : IValidateOptions<DnsResolverOptions>
{
    public ValidateOptionsResult Validate(string? name, DnsResolverOptions options)
    {
        IReadOnlyList<string> errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
