using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using SmtpShield.Configuration;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// The real binary as a child process (`dotnet smtpshield.dll`), configured through SMTPSHIELD_
/// environment variables: loopback port 0, a temp state directory. Finds its port from the
/// "LISTEN smtp 127.0.0.1:&lt;port&gt;" line and can be sent SIGTERM like systemd does.
/// </summary>
internal sealed partial class DaemonProcess : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _child;
    private readonly TempDirectory _state;

    private DaemonProcess(ChildProcess child, TempDirectory state, IPEndPoint smtp)
    {
        _child = child;
        _state = state;
        SmtpEndPoint = smtp;
    }

    public IPEndPoint SmtpEndPoint { get; }

    /// <summary>
    /// Runs `smtpshield` (the run command) and waits until its SMTP listener is bound. Each setting is a
    /// configuration key in environment form ("Limits__MaxSessions") and its value.
    /// </summary>
    public static async Task<DaemonProcess> StartAsync(params (string Key, string Value)[] settings)
    {
        var state = new TempDirectory();
        var listening = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var environment = new Dictionary<string, string?>(CleanEnvironment())
        {
            [ConfigurationFiles.EnvironmentPrefix + "Hostname"] = DaemonUnderTest.Hostname,
            [ConfigurationFiles.EnvironmentPrefix + "StateDirectory"] = state.Path,
            [ConfigurationFiles.EnvironmentPrefix + "ShutdownTimeout"] = "00:00:05",
            [ConfigurationFiles.EnvironmentPrefix + "Listeners__0__Endpoint"] = "127.0.0.1:0",
            [ConfigurationFiles.EnvironmentPrefix + "Admin__Endpoint"] = "127.0.0.1:0",
            [ConfigurationFiles.EnvironmentPrefix + "Relay__Backends__0__Endpoint"] = DaemonUnderTest.UnreachableBackend,
            [ConfigurationFiles.EnvironmentPrefix + "Admin__TokenFile"] = state.File("admin.token"),
        };
        foreach ((string key, string value) in settings)
        {
            environment[ConfigurationFiles.EnvironmentPrefix + key] = value;
        }

        ChildProcess child = ChildProcess.Start(DaemonBinary.DotnetHost, [DaemonBinary.Path, "run"], environment, line =>
        {
            Match match = ListenSmtpLine().Match(line);
            if (match.Success && IPEndPoint.TryParse(match.Groups["endpoint"].Value, out IPEndPoint? endpoint))
            {
                listening.TrySetResult(endpoint);
            }
        });
        try
        {
            Task<ProcessResult> exited = child.WaitForExitAsync(s_startTimeout);
            Task first = await Task.WhenAny(listening.Task, exited);
            if (first != listening.Task)
            {
                ProcessResult result = await exited;
                throw new InvalidOperationException($"The daemon exited before it listened:\n{result}");
            }

            return new DaemonProcess(child, state, await listening.Task);
        }
        catch
        {
            child.Dispose();
            state.Dispose();
            throw;
        }
    }

    /// <summary>Runs the binary with <paramref name="arguments"/> to its exit (a CLI command), in an empty working directory.</summary>
    public static Task<ProcessResult> RunToExitAsync(params string[] arguments) => RunToExitAsync([], arguments);

    /// <summary>As <see cref="RunToExitAsync(string[])"/>, with settings in environment form ("Limits__MaxErrors").</summary>
    public static async Task<ProcessResult> RunToExitAsync((string Key, string Value)[] settings, params string[] arguments)
    {
        using var workingDirectory = new TempDirectory();
        Dictionary<string, string?> environment = CleanEnvironment();
        foreach ((string key, string value) in settings)
        {
            environment[ConfigurationFiles.EnvironmentPrefix + key] = value;
        }

        using ChildProcess child = ChildProcess.Start(
            DaemonBinary.DotnetHost, [DaemonBinary.Path, .. arguments], environment, workingDirectory: workingDirectory.Path);
        return await child.WaitForExitAsync(s_startTimeout);
    }

    /// <summary>Sends SIGTERM, as systemd and `docker stop` do.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -TERM {_child.Id} failed with exit code {kill.ExitCode}.");
    }

    public Task<ProcessResult> WaitForExitAsync(TimeSpan timeout) => _child.WaitForExitAsync(timeout);

    public void Dispose()
    {
        _child.Dispose();
        _state.Dispose();
    }

    /// <summary>No SMTPSHIELD_ setting and no systemd journal from the test run's own environment leaks in.</summary>
    private static Dictionary<string, string?> CleanEnvironment()
    {
        var environment = new Dictionary<string, string?> { ["JOURNAL_STREAM"] = null };
        foreach (string name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith(ConfigurationFiles.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                environment[name] = null;
            }
        }

        return environment;
    }

    [GeneratedRegex(@"LISTEN smtp (?<endpoint>\S+)$")]
    private static partial Regex ListenSmtpLine();
}
