using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using SmtpShield.Configuration;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// The real binary as a child process (`dotnet smtpshield.dll`), configured through SMTPSHIELD_
/// environment variables: loopback port 0, a temp state directory. Finds its ports from the
/// "LISTEN smtp 127.0.0.1:&lt;port&gt;" and "LISTEN admin http://…" lines and can be sent SIGTERM like systemd does.
/// </summary>
internal sealed partial class DaemonProcess : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _child;
    private readonly TempDirectory _state;

    private DaemonProcess(ChildProcess child, TempDirectory state, IPEndPoint smtp, IPEndPoint admin)
    {
        _child = child;
        _state = state;
        SmtpEndPoint = smtp;
        AdminEndPoint = admin;
    }

    public IPEndPoint SmtpEndPoint { get; }

    public IPEndPoint AdminEndPoint { get; }

    /// <summary>Admin:TokenFile, which the daemon created at start.</summary>
    public string TokenFile => _state.File("admin.token");

    /// <summary>
    /// Runs `smtpshield` (the run command) and waits until its SMTP listener is bound. Each setting is a
    /// configuration key in environment form ("Limits__MaxSessions") and its value.
    /// </summary>
    public static Task<DaemonProcess> StartAsync(params (string Key, string Value)[] settings) => StartAsync(launcher: [], settings);

    /// <summary>
    /// As <see cref="StartAsync((string Key, string Value)[])"/>, through <paramref name="launcher"/>: a command
    /// that runs the rest of its arguments elsewhere (`ip netns exec NAME`).
    /// </summary>
    public static async Task<DaemonProcess> StartAsync(string[] launcher, params (string Key, string Value)[] settings)
    {
        var state = new TempDirectory();
        var listening = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var administered = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
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
        foreach ((string key, string value) in DaemonUnderTest.TarpitOff)
        {
            environment[ConfigurationFiles.EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach ((string key, string value) in settings)
        {
            environment[ConfigurationFiles.EnvironmentPrefix + key] = value;
        }

        string[] command = [.. launcher, DaemonBinary.DotnetHost, DaemonBinary.Path, "run"];
        ChildProcess child = ChildProcess.Start(command[0], command[1..], environment, line =>
        {
            Match match = ListenLine().Match(line);
            if (match.Success && IPEndPoint.TryParse(match.Groups["endpoint"].Value, out IPEndPoint? endpoint))
            {
                (match.Groups["kind"].Value == "smtp" ? listening : administered).TrySetResult(endpoint);
            }
        });
        try
        {
            // The admin line comes after the SMTP lines.
            Task<ProcessResult> exited = child.WaitForExitAsync(s_startTimeout);
            Task first = await Task.WhenAny(administered.Task, exited);
            if (first != administered.Task)
            {
                ProcessResult result = await exited;
                throw new InvalidOperationException($"The daemon exited before it listened:\n{result}");
            }

            return new DaemonProcess(child, state, await listening.Task, await administered.Task);
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
    public static Task<ProcessResult> RunToExitAsync((string Key, string Value)[] settings, params string[] arguments) =>
        RunToExitAsync(launcher: [], settings, arguments);

    /// <summary>As <see cref="RunToExitAsync((string Key, string Value)[], string[])"/>, through <paramref name="launcher"/> (`ip netns exec NAME`).</summary>
    public static async Task<ProcessResult> RunToExitAsync(string[] launcher, (string Key, string Value)[] settings, params string[] arguments)
    {
        using var workingDirectory = new TempDirectory();
        Dictionary<string, string?> environment = CleanEnvironment();
        foreach ((string key, string value) in settings)
        {
            environment[ConfigurationFiles.EnvironmentPrefix + key] = value;
        }

        string[] command = [.. launcher, DaemonBinary.DotnetHost, DaemonBinary.Path, .. arguments];
        using ChildProcess child = ChildProcess.Start(command[0], command[1..], environment, workingDirectory: workingDirectory.Path);
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

    [GeneratedRegex(@"LISTEN (?<kind>smtp|admin) (http://)?(?<endpoint>\S+)$")]
    private static partial Regex ListenLine();
}
