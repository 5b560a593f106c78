using System.Diagnostics;
using System.Globalization;
using System.Net;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// shared/ARCHITECTURE.md decision 3: one DNS question in flight per name, so a spam wave from one address
/// costs one query per list however many sessions it opens; and every one of them is still refused.
/// </summary>
public class ListedWaveTests(TestDnsblServer dnsbl) : IClassFixture<TestDnsblServer>
{
    private const int Sessions = 1000;

    private readonly Rbldnsd _server = dnsbl.Server;

    [Fact]
    public async Task ThousandConcurrentSessionsFromOneListedAddress_CostOneQueryPerZone_AndAllAreRefused()
    {
        IPAddress client = TestClients.Next(Listing.BlockedAndAllowlisted);
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(DaemonWithChecks.Settings(
            _server.Server,
            ["bl.test*5", "wl.test=127.0.[0..255].[1..3]*-2"],
            ("Limits:MaxSessionsPerClient", (Sessions * 2).ToString(CultureInfo.InvariantCulture)),
            ("Limits:MaxConnectionsPerClientPerMinute", "0"),
            // The 1,000 clients share the test process with the daemon: with the usual 1 s a late answer
            // sometimes timed out, and the query asked again (not cached) was counted twice.
            ("Dns:Timeout", "00:00:10"),
            ("Policy:CheckTimeout", "00:00:20")));
        var clock = Stopwatch.StartNew();

        // All connected first (the lookups start at accept), then every dialogue at once.
        using var connecting = new SemaphoreSlim(100);
        SmtpTestClient[] clients = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async _ =>
        {
            await connecting.WaitAsync();
            try
            {
                SmtpTestClient smtp = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, client);
                smtp.ReadTimeout = TimeSpan.FromSeconds(30);
                return smtp;
            }
            finally
            {
                connecting.Release();
            }
        }));
        ParsedReply[] replies;
        try
        {
            replies = await Task.WhenAll(clients.Select(async smtp =>
            {
                await smtp.ExpectAsync(220);
                await smtp.ExpectAsync(250, "HELO client.example");
                await smtp.ExpectAsync(250, "MAIL FROM:<sender@example.net>");
                return await smtp.CommandAsync("RCPT TO:<rcpt@example.org>");
            }));
        }
        finally
        {
            foreach (SmtpTestClient smtp in clients)
            {
                await smtp.DisposeAsync();
            }
        }

        TimeSpan elapsed = clock.Elapsed;
        await _server.SyncLogAsync();
        string reversed = string.Join('.', client.GetAddressBytes().Reverse());
        Assert.Equal(
            "bl.test A=1 TXT=1, wl.test A=1 TXT=0",
            $"bl.test A={_server.CountQueries($"{reversed}.bl.test", "A")} TXT={_server.CountQueries($"{reversed}.bl.test", "TXT")}, " +
            $"wl.test A={_server.CountQueries($"{reversed}.wl.test", "A")} TXT={_server.CountQueries($"{reversed}.wl.test", "TXT")}");
        string refused = $"554 5.7.1 Service unavailable; client [{client}] blocked using bl.test; Listed by bl.test: see https://bl.test/{client}";
        Assert.All(replies, reply => Assert.Equal(refused, reply.ToString()));
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"{Sessions} sessions took {elapsed.TotalSeconds:0.#} s.");
    }
}
