using Microsoft.Extensions.Configuration;
using SmtpShield.Configuration;

namespace SmtpShield.Admin.Cli;

/// <summary>Loads and validates the configuration for a CLI command, printing every error with its key.</summary>
internal static class ConfigurationLoading
{
    public static bool TryLoadValid(string? path, TextWriter errorOutput, out IConfigurationRoot configuration, out string source)
    {
        if (!ConfigurationFiles.TryLoad(path, out configuration, out source, out string? loadError))
        {
            errorOutput.WriteLine($"smtpshield: configuration error: {loadError}");
            return false;
        }

        IReadOnlyList<string> errors = ConfigurationCheck.Validate(configuration);
        foreach (string error in errors)
        {
            errorOutput.WriteLine($"smtpshield: configuration error: {error}");
        }

        if (errors.Count > 0)
        {
            errorOutput.WriteLine($"smtpshield: {errors.Count} error(s) in {source}");
        }

        return errors.Count == 0;
    }
}
