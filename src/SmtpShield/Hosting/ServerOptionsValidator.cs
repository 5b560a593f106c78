using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Hosting;

internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.Hostname) && Uri.CheckHostName(options.Hostname) != UriHostNameType.Dns)
        {
            errors.Add($"{ConfigSections.Hostname}: '{options.Hostname}' is not a host name (it is sent in the banner and EHLO reply)");
        }

        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            errors.Add($"{ConfigSections.StateDirectory}: must name a directory");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero || options.ShutdownTimeout > TimeSpan.FromMinutes(30))
        {
            errors.Add($"{ConfigSections.ShutdownTimeout}: must be between 00:00:00 and 00:30:00 (got {options.ShutdownTimeout:c})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
