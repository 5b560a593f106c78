using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Checks;
using SmtpShield.Checks.Dnsbl;
using SmtpShield.Dns;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// RFC 5782 §5: a working list lists 127.0.0.2 and not 127.0.0.1. The probe asks every zone both; a zone
/// that lists everyone or answers error codes is skipped (and the log says so) until it behaves again; a
/// probe that cannot get an answer changes nothing.
/// </summary>
public class DnsblHealthProbeTests(TestDnsblServer dnsbl) : IClassFixture<TestDnsblServer>
{
    private readonly Rbldnsd _server = dnsbl.Server;

    [Theory]
    [InlineData("bl.test*3", null)]
    [InlineData("wl.test=127.0.[0..255].[1..3]*-2", null)]
    [InlineData("broken.test*3", "lists 127.0.0.1 (it would list every client)")]
    [InlineData("error.test*3", "answered 127.255.255.254, an error code, not a listing")]
    [InlineData("empty.test*3", "does not list the test address 127.0.0.2")]
    public async Task Probe_DisablesAZoneThatBreaksRfc5782(string entry, string? unhealthyBecause)
    {
        using var probe = new Probe(TestChecks.Resolver(_server.Server), entry);

        await probe.RunAsync();

        Assert.Equal(unhealthyBecause, probe.Zone.UnhealthyBecause);
        Assert.Equal(unhealthyBecause is null, probe.Zone.IsHealthy);
    }

    [Fact]
    public async Task Probe_KeepsAZoneWhoseFilterDoesNotCountTheTestEntrysCode()
    {
        // Counting only some of a list's codes (here 4 and 10, as admins do with zen.spamhaus.org's PBL
        // codes) says nothing about whether the list works: it still lists 127.0.0.2, with code 127.0.0.2.
        using var probe = new Probe(TestChecks.Resolver(_server.Server), "bl.test=127.0.0.[4;10]*5");

        await probe.RunAsync();

        Assert.True(probe.Zone.IsHealthy, $"bl.test was disabled: {probe.Zone.UnhealthyBecause}");
    }

    [Fact]
    public async Task Probe_LogsOnceWhenAZoneIsDisabled()
    {
        using var probe = new Probe(TestChecks.Resolver(_server.Server), "broken.test*3");

        await probe.RunAsync();
        await probe.RunAsync();

        Assert.Equal(
            ["Warning: DNSBL zone broken.test disabled: lists 127.0.0.1 (it would list every client)"],
            probe.Log.Lines);
    }

    [Fact]
    public async Task Probe_EnablesAZoneAgainOnceItBehaves()
    {
        using var probe = new Probe(TestChecks.Resolver(_server.Server), "bl.test*3");
        probe.Zone.MarkUnhealthy("lists 127.0.0.1 (it would list every client)");

        await probe.RunAsync();

        Assert.True(probe.Zone.IsHealthy);
        Assert.Equal(["Information: DNSBL zone bl.test enabled again: its test entries answer as RFC 5782 asks"], probe.Log.Lines);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ProbeWithoutAnAnswer_ChangesNothing(bool healthyBefore)
    {
        using Socket blackHole = Loopback.BlackHole();
        using var probe = new Probe(TestChecks.Resolver(blackHole.LocalEndPoint!.ToString()!), "bl.test*3");
        if (!healthyBefore)
        {
            probe.Zone.MarkUnhealthy("lists 127.0.0.1 (it would list every client)");
        }

        await probe.RunAsync();

        Assert.Equal(healthyBefore, probe.Zone.IsHealthy);
        Assert.Empty(probe.Log.Lines);
    }

    [Fact]
    public async Task DisabledZone_IsNotAsked()
    {
        IPAddress client = TestClients.Next(Listing.BrokenZoneOnly);
        using var probe = new Probe(TestChecks.Resolver(_server.Server), "broken.test*3");
        await probe.RunAsync();

        CheckResult result = await probe.Check.RunAsync(TestChecks.Subject(client), CancellationToken.None);

        await _server.SyncLogAsync();
        Assert.Equal(0, _server.CountQueries($"{string.Join('.', client.GetAddressBytes().Reverse())}.broken.test", "A"));
        Assert.Equal(new CheckResult("dnsbl", CheckOutcome.Pass, 0, null), result);
    }

    [Fact]
    public async Task Daemon_ProbesAtStart_LogsTheDisabledZone_AndStopsRejectingForIt()
    {
        var log = new LogCapture();
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            services => services.AddSingleton<ILoggerProvider>(log),
            DaemonWithChecks.Settings(_server.Server, ["bl.test*3", "broken.test*3"], ("Dnsbl:HealthProbeInterval", "00:00:10")));

        await log.WaitForAsync(line => line.Contains("DNSBL zone broken.test disabled", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        ParsedReply onlyOnBroken = await DaemonWithChecks.RcptReplyAsync(daemon, TestClients.Next(Listing.BrokenZoneOnly));
        ParsedReply onBl = await DaemonWithChecks.RcptReplyAsync(daemon, TestClients.Next(Listing.Blocked));

        Assert.Contains("Warning: DNSBL zone broken.test disabled: lists 127.0.0.1 (it would list every client)", log.Lines);
        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), onlyOnBroken.ToString());
        Assert.Equal(554, onBl.Code);
    }

    /// <summary>A health probe and the check it shares with the daemon, for one zone, logging into <see cref="Log"/>.</summary>
    private sealed class Probe : IDisposable
    {
        private readonly ILoggerFactory _loggers;
        private readonly DnsblHealthProbe _probe;

        public Probe(IDnsResolver resolver, string entry)
        {
            var options = new DnsblOptions { Zones = { entry } };
            IOptions<DnsblOptions> wrapped = Options.Create(options);
            var zones = new DnsblZones(wrapped);
            Zone = zones.All[0];
            Check = new DnsblCheck(zones, resolver, wrapped);
            _loggers = LoggerFactory.Create(logging => logging.AddProvider(Log));
            _probe = new DnsblHealthProbe(zones, Check, wrapped, TimeProvider.System, _loggers.CreateLogger<DnsblHealthProbe>());
        }

        public LogCapture Log { get; } = new();

        public DnsblZone Zone { get; }

        public DnsblCheck Check { get; }

        public Task RunAsync() => _probe.ProbeAsync(Zone, CancellationToken.None);

        public void Dispose()
        {
            _probe.Dispose();
            _loggers.Dispose();
        }
    }
}
