using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace SmtpShield.Configuration;

/// <summary>
/// Where the configuration comes from: the file given with --config; else config/smtpshield.json in the
/// working directory or beside the binary; else the copy embedded in the binary. Environment variables
/// SMTPSHIELD_Section__Key override any of them.
/// </summary>
internal static class ConfigurationFiles
{
    public const string EnvironmentPrefix = "SMTPSHIELD_";
    public const string EmbeddedSource = "embedded default";
    private const string DefaultRelativePath = "config/smtpshield.json";
    private const string EmbeddedResourceName = "SmtpShield.smtpshield.json";

    /// <summary>Loads the configuration, or explains in <paramref name="error"/> why it cannot.</summary>
    public static bool TryLoad(string? explicitPath, out IConfigurationRoot configuration, out string source, out string? error)
    {
        configuration = null!;
        error = null;
        string? path = explicitPath ?? FindDefaultFile();
        source = path is null ? EmbeddedSource : Path.GetFullPath(path);
        if (path is not null && !File.Exists(path))
        {
            error = $"configuration file not found: {source}";
            return false;
        }

        var builder = new ConfigurationBuilder();
        if (path is null)
        {
            builder.AddJsonStream(OpenEmbeddedDefault());
        }
        else
        {
            builder.AddJsonFile(source, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        try
        {
            configuration = builder.Build();
            return true;
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error = $"{source}: {e.GetBaseException().Message}";
            return false;
        }
    }

    public static Stream OpenEmbeddedDefault() =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(EmbeddedResourceName)
        ?? throw new InvalidOperationException($"The embedded default configuration '{EmbeddedResourceName}' is missing from the build.");

    private static string? FindDefaultFile()
    {
        foreach (string directory in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            string candidate = Path.Combine(directory, DefaultRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
