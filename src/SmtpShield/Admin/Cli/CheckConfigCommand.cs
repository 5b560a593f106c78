using Microsoft.Extensions.Configuration;

namespace SmtpShield.Admin.Cli;

/// <summary>`smtpshield check-config [path]`: report every error with its key, or say the file is good.</summary>
internal static class CheckConfigCommand
{
    public static int Run(string? path, TextWriter output, TextWriter errorOutput)
    {
        if (!ConfigurationLoading.TryLoadValid(path, errorOutput, out IConfigurationRoot _, out string source))
        {
            return ExitCodes.ConfigurationError;
        }

        output.WriteLine($"smtpshield: configuration OK: {source}");
        return ExitCodes.Ok;
    }
}
