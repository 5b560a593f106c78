using System.Net;
using System.Net.Sockets;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>
/// The `smtpshield` binary's commands as an admin runs them: check-config reports every error with its
/// key and exits 78 (sysexits EX_CONFIG), and run refuses to start on a configuration it cannot load.
/// </summary>
public class CommandLineTests
{
    private const int ConfigurationError = 78;

    [Fact]
    public async Task CheckConfigOnAGoodFile_ExitsZeroAndSaysOk()
    {
        using var directory = new TempDirectory();
        string path = directory.File("smtpshield.json");
        await File.WriteAllTextAsync(path, """
            {
              "Hostname": "mx.example.org",
              "Listeners": [ { "Endpoint": "*:25" }, { "Endpoint": "[::1]:2525" } ],
              "Admin": { "Endpoint": "127.0.0.1:9925" },
              "Limits": { "BannerTimeout": "00:00:30", "MaxErrors": 5 },
              "Relay": { "Backends": [ { "Endpoint": "127.0.0.1:10025", "Identity": "xclient" } ] }
            }
            """);

        ProcessResult result = await DaemonProcess.RunToExitAsync("check-config", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"smtpshield: configuration OK: {path}\n", result.StandardOutput);
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public async Task CheckConfigOnAFileWithSeveralErrors_ExitsConfigurationErrorAndNamesEveryKey()
    {
        using var directory = new TempDirectory();
        string path = directory.File("smtpshield.json");
        await File.WriteAllTextAsync(path, """
            {
              "Listeners": [ { "Endpoint": "mail.example.org:25" } ],
              "Admin": { "Endpoint": "127.0.0.1:9925" },
              "Limits": { "BannerTimeout": "one minute", "MaxSesions": 5 },
              "Relay": { "Backends": [ { "Endpoint": "127.0.0.1:10025", "Identity": "xclient" } ] },
              "Colour": "blue"
            }
            """);

        ProcessResult result = await DaemonProcess.RunToExitAsync("check-config", path);

        Assert.True(result.ExitCode == ConfigurationError, result.ToString());
        AssertNamesEveryKey(result, "Listeners:0:Endpoint", "Limits:BannerTimeout", "Limits:MaxSesions", "Colour");
        Assert.Contains($"smtpshield: 4 error(s) in {path}", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("configuration OK", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_NamesRuleErrorsBesideAValueThatDoesNotConvert()
    {
        // Every error at once (shared/STYLE.md habit 10): a bad duration in a section must not hide an
        // out-of-range number in the same section, nor a bad host name beside a bad top-level duration.
        using var directory = new TempDirectory();
        string path = directory.File("smtpshield.json");
        await File.WriteAllTextAsync(path, """
            {
              "Hostname": "not a host name!",
              "ShutdownTimeout": "soon",
              "Listeners": [ { "Endpoint": "127.0.0.1:2525" } ],
              "Limits": { "BannerTimeout": "one minute", "MaxErrors": 0 }
            }
            """);

        ProcessResult result = await DaemonProcess.RunToExitAsync("check-config", path);

        Assert.True(result.ExitCode == ConfigurationError, result.ToString());
        AssertNamesEveryKey(result, "ShutdownTimeout", "Hostname", "Limits:BannerTimeout", "Limits:MaxErrors");
    }

    [Fact]
    public async Task CheckConfig_RefusesAPlainValueWhereASectionBelongs()
    {
        using var directory = new TempDirectory();
        string path = directory.File("smtpshield.json");
        await File.WriteAllTextAsync(path, """{ "Listeners": [ { "Endpoint": "127.0.0.1:2525" } ], "Limits": 5, "Tls": "on" }""");

        ProcessResult result = await DaemonProcess.RunToExitAsync("check-config", path);

        Assert.True(result.ExitCode == ConfigurationError, result.ToString());
        AssertNamesEveryKey(result, "Limits", "Tls");
    }

    [Fact]
    public async Task CheckConfigOnAFileThatIsNotJson_ExitsConfigurationErrorAndNamesTheFile()
    {
        using var directory = new TempDirectory();
        string path = directory.File("smtpshield.json");
        await File.WriteAllTextAsync(path, """{ "Limits": { "MaxErrors": 3, """);

        ProcessResult result = await DaemonProcess.RunToExitAsync("check-config", path);

        Assert.True(result.ExitCode == ConfigurationError, result.ToString());
        Assert.StartsWith($"smtpshield: configuration error: {path}: ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfigWithoutAPath_ChecksTheFileBesideTheBinary()
    {
        ProcessResult result = await DaemonProcess.RunToExitAsync("check-config");

        string beside = Path.Combine(Path.GetDirectoryName(DaemonBinary.Path)!, "config", "smtpshield.json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"smtpshield: configuration OK: {beside}\n", result.StandardOutput);
    }

    [Fact]
    public async Task RunWithAnInvalidEnvironmentOverride_ExitsConfigurationErrorAndNamesTheKey()
    {
        ProcessResult result = await DaemonProcess.RunToExitAsync([("Limits__MaxErrors", "0")], "run");

        Assert.True(result.ExitCode == ConfigurationError, result.ToString());
        Assert.Contains("smtpshield: configuration error: Limits:MaxErrors: ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnAPortAlreadyInUse_ExitsOneAndSaysItCannotListen()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        string endpoint = taken.LocalEndpoint.ToString()!;
        using var state = new TempDirectory();

        ProcessResult result = await DaemonProcess.RunToExitAsync(
            [("Listeners__0__Endpoint", endpoint), ("Admin__Endpoint", "127.0.0.1:0"), ("StateDirectory", state.Path)], "run");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("smtpshield: cannot listen: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(endpoint, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunWithAMissingConfigFile_ExitsConfigurationErrorAndSaysNotFound()
    {
        ProcessResult result = await DaemonProcess.RunToExitAsync("run", "--config", "/nonexistent.json");

        Assert.True(result.ExitCode == ConfigurationError, result.ToString());
        Assert.Contains("configuration file not found: /nonexistent.json", result.StandardError, StringComparison.Ordinal);
    }

    private static void AssertNamesEveryKey(ProcessResult result, params string[] keys)
    {
        string[] errors = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (string key in keys)
        {
            Assert.True(
                errors.Any(line => line.StartsWith($"smtpshield: configuration error: {key}: ", StringComparison.Ordinal)),
                $"No error names {key}:\n{result.StandardError}");
        }
    }
}
