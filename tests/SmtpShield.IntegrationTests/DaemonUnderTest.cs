using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmtpShield.Configuration;
using SmtpShield.Hosting;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// The real daemon in this process: the embedded default configuration, then loopback port 0 for every
/// listener, a temp state directory and the test's own overrides ("Limits:BannerTimeout" = "00:00:01").
/// </summary>
internal sealed class DaemonUnderTest : IAsyncDisposable
{
    /// <summary>The name the daemon gives itself in the banner, EHLO reply and 421s.</summary>
    public const string Hostname = "mx.test.example";

    /// <summary>
    /// The backend unless a test starts a real one: port 1 on loopback, where nothing listens, so a
    /// handoff is refused at once (451 4.4.0) and never reaches an MTA the machine may run on port 25.
    /// </summary>
    public const string UnreachableBackend = "127.0.0.1:1";

    /// <summary>
    /// The tarpit slows rejected and erring clients by design, by up to half a minute a reply: every test
    /// starts with it off, and the tarpit's own tests turn it back on.
    /// </summary>
    public static readonly (string Key, string Value)[] TarpitOff =
        [("Tarpit:StutterRejects", "false"), ("Tarpit:ErrorDelayAfter", "0"), ("Tarpit:Delay", "00:00:00")];

    /// <summary>The embedded default allowlists all of loopback; these TEST-NET entries stand in, so 127.x.y.z clients are judged.</summary>
    public static readonly (string Key, string? Value)[] LoopbackNotAllowed = [("Policy:Allow:0", "192.0.2.0/24"), ("Policy:Allow:1", "198.51.100.0/24")];

    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly TempDirectory? _state;
    private bool _stopped;

    private DaemonUnderTest(WebApplication app, TempDirectory? state)
    {
        _app = app;
        _state = state;
        ListenerEndpoints bound = app.Services.GetRequiredService<ListenerEndpoints>();
        SmtpEndPoints = bound.Smtp;
        AdminEndPoint = bound.Admin ?? throw new InvalidOperationException("The admin listener did not bind.");
    }

    /// <summary>Every SMTP listener's bound endpoint, in configuration order.</summary>
    public IReadOnlyList<IPEndPoint> SmtpEndPoints { get; }

    /// <summary>The first SMTP listener's bound endpoint.</summary>
    public IPEndPoint SmtpEndPoint => SmtpEndPoints[0];

    public IPEndPoint AdminEndPoint { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a daemon; each override is a configuration key and its value.</summary>
    public static Task<DaemonUnderTest> StartAsync(params (string Key, string? Value)[] overrides) =>
        StartAsync(replaceServices: null, overrides);

    /// <summary>Starts a daemon with some of its services replaced (a <see cref="SlowClock"/>, say).</summary>
    public static async Task<DaemonUnderTest> StartAsync(Action<IServiceCollection>? replaceServices, params (string Key, string? Value)[] overrides)
    {
        var state = new TempDirectory();
        try
        {
            SharedCertificate.CopyInto(state.Path);
            return new DaemonUnderTest(await BuildAndStartAsync(state.Path, replaceServices, overrides), state);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts a daemon on a state directory the test owns and keeps (its blocklist store, its admin token),
    /// so a second daemon can start where the first stopped, as after a restart.
    /// </summary>
    public static async Task<DaemonUnderTest> StartInAsync(string stateDirectory, params (string Key, string? Value)[] overrides)
    {
        if (!Directory.Exists(System.IO.Path.Combine(stateDirectory, "tls")))
        {
            SharedCertificate.CopyInto(stateDirectory);
        }

        return new DaemonUnderTest(await BuildAndStartAsync(stateDirectory, replaceServices: null, overrides), state: null);
    }

    private static async Task<WebApplication> BuildAndStartAsync(string stateDirectory, Action<IServiceCollection>? replaceServices, (string Key, string? Value)[] overrides)
    {
        IConfigurationRoot configuration = Configure(stateDirectory, overrides);
        IReadOnlyList<string> errors = ConfigurationCheck.Validate(configuration);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The test configuration is invalid:\n" + string.Join("\n", errors));
        }

        WebApplication app = SmtpShieldHost.Build(configuration, replaceServices);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StartAsync(timeout.Token);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>What SIGTERM does to the real process: ApplicationStopping, the 421s, Kestrel's drain.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        using var timeout = new CancellationTokenSource(s_stopTimeout);
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_stopped)
            {
                await StopAsync();
            }
        }
        finally
        {
            await _app.DisposeAsync();
            _state?.Dispose();
        }
    }

    private static IConfigurationRoot Configure(string stateDirectory, (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Hostname"] = Hostname,
            ["StateDirectory"] = stateDirectory,
            ["Listeners:0:Endpoint"] = "127.0.0.1:0",
            ["Admin:Endpoint"] = "127.0.0.1:0",
            ["Relay:Backends:0:Endpoint"] = UnreachableBackend,
            ["Admin:TokenFile"] = System.IO.Path.Combine(stateDirectory, "admin.token"),
            ["ShutdownTimeout"] = "00:00:05",
            // The daemon's log lines are for admins; in a test run only its warnings are worth reading.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach ((string key, string value) in TarpitOff)
        {
            settings[key] = value;
        }

        foreach ((string key, string? value) in overrides)
        {
            settings[key] = value;
        }

        return new ConfigurationBuilder()
            .AddJsonStream(ConfigurationFiles.OpenEmbeddedDefault())
            .AddInMemoryCollection(settings)
            .Build();
    }
}
