using System.Reflection;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// Where the built daemon is: smtpshield.dll in the test output directory when the project reference
/// copied it with its runtimeconfig.json, else src/SmtpShield/bin/&lt;Configuration&gt;/net10.0/ of this repository.
/// </summary>
internal static class DaemonBinary
{
    private const string Assembly = "smtpshield.dll";
    private const string RuntimeConfig = "smtpshield.runtimeconfig.json";

    private static readonly Lazy<string> s_path = new(Locate);

    public static string Path => s_path.Value;

    /// <summary>The dotnet host that runs this test run (set by the SDK), else the one on PATH.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static string Locate()
    {
        string beside = System.IO.Path.Combine(AppContext.BaseDirectory, Assembly);
        if (File.Exists(beside) && File.Exists(System.IO.Path.Combine(AppContext.BaseDirectory, RuntimeConfig)))
        {
            return beside;
        }

        string configuration = typeof(DaemonBinary).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string built = System.IO.Path.Combine(RepositoryRoot(), "src", "SmtpShield", "bin", configuration, "net10.0", Assembly);
        return File.Exists(built)
            ? built
            : throw new FileNotFoundException($"The daemon is not built: neither {beside} (with {RuntimeConfig}) nor {built} exists.");
    }

    /// <summary>The checkout the tests run from (the folder with SmtpShield.sln): deploy/ files are loaded from it.</summary>
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "SmtpShield.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No SmtpShield.sln above {AppContext.BaseDirectory}.");
    }
}
