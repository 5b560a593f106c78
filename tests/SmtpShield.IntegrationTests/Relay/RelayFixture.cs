using System.Net;
using SmtpShield.IntegrationTests.Backends;

namespace SmtpShield.IntegrationTests.Relay;

/// <summary>
/// One real backend MTA, a DNS server with the test clients' reverse names, and a daemon relaying to the
/// backend, shared by one backend's relay tests. Clients connect from 127.77.0.0/16: loopback here, but
/// outside what every backend fixture trusts for relaying (SmtpShield's own 127.0.0.1), so the backend
/// must treat them as the Internet strangers they stand for.
/// </summary>
public abstract class RelayFixture : IAsyncLifetime
{
    /// <summary>A client with forward-confirmed reverse DNS: mail.client.test.</summary>
    public static readonly IPAddress NamedClient = IPAddress.Parse("127.77.0.10");

    public const string NamedClientName = "mail.client.test";

    private static int s_nextClient;

    internal IBackendMta Backend { get; private set; } = null!;

    internal Dnsmasq Dns { get; private set; } = null!;

    internal DaemonUnderTest Daemon { get; private set; } = null!;

    /// <summary>Another client address without reverse DNS, different for every call (no test sees another's state).</summary>
    public static IPAddress NextClient() =>
        new([127, 77, (byte)(1 + (Interlocked.Increment(ref s_nextClient) / 250)), (byte)(1 + (s_nextClient % 250))]);

    public async Task InitializeAsync()
    {
        Dns = await Dnsmasq.StartAsync(
            "--local=/client.test/",
            "--local=/77.127.in-addr.arpa/",
            "--local-ttl=60",
            $"--host-record={NamedClientName},{NamedClient}");
        Backend = await StartBackendAsync();
        Daemon = await StartDaemonAsync(Backend);
    }

    /// <summary>A fresh backend of this kind, for a test that kills it.</summary>
    internal abstract Task<IBackendMta> StartBackendAsync();

    /// <summary>A daemon relaying to <paramref name="backend"/>; <paramref name="allowClients"/> puts 127.77/16 on the allow list (fast path).</summary>
    internal Task<DaemonUnderTest> StartDaemonAsync(IBackendMta backend, bool allowClients = false, params (string Key, string? Value)[] overrides) =>
        DaemonUnderTest.StartAsync([.. Settings(backend, allowClients), .. overrides]);

    /// <summary>As <see cref="StartDaemonAsync(IBackendMta, bool, ValueTuple{string, string}[])"/>, with services replaced (a log capture).</summary>
    internal Task<DaemonUnderTest> StartDaemonAsync(IBackendMta backend, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection> services, params (string Key, string? Value)[] overrides) =>
        DaemonUnderTest.StartAsync(services, [.. Settings(backend, allowClients: false), .. overrides]);

    public async Task DisposeAsync()
    {
        if (Daemon is not null)
        {
            await Daemon.DisposeAsync();
        }

        if (Backend is not null)
        {
            await Backend.DisposeAsync();
        }

        Dns?.Dispose();
    }

    private (string Key, string? Value)[] Settings(IBackendMta backend, bool allowClients) =>
    [
        ("Relay:Backends:0:Endpoint", backend.EndPoint.ToString()),
        ("Relay:Backends:0:Identity", backend.Identity),
        ("Relay:Backends:0:SourceAddress", backend.SourceAddress?.ToString()),
        ("Relay:ReplyTimeout", "00:00:10"),
        // The embedded default allowlists all of loopback; TEST-NET stands in unless the fast path is wanted.
        ("Policy:Allow:0", allowClients ? "127.77.0.0/16" : "192.0.2.0/24"),
        ("Policy:Allow:1", "198.51.100.0/24"),
        // No pass cache: every session is handed off at RCPT, none takes the fast path by surprise.
        ("Policy:PassCacheTtl", "00:00:00"),
        ("Dns:Servers:0", Dns.Server),
        ("Dns:Timeout", "00:00:01"),
        ("Dns:Attempts", "1"),
        ("ReverseDns:Enabled", "false"),
        ("Helo:Enabled", "false"),
    ];
}
