using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmtpShield.Protocol;
using SmtpShield.Verdicts;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// The daemon over real TCP with rbldnsd as its DNSBL: a listed client is refused at RCPT TO with
/// Postfix's wording (so fail2ban and pflogsumm count it), an allowlisted or clean one is let through
/// (handed to the backend, unreachable in these tests: 451 4.4.0, never a 250), a clean one is remembered, and a DNSBL configured to
/// Drop answers 521 and closes.
/// </summary>
public class DnsblVerdictTests(TestDnsblServer dnsbl) : IClassFixture<TestDnsblServer>
{
    private static readonly string[] s_zones = ["bl.test*3", "wl.test=127.0.[0..255].[1..3]*-2"];

    private readonly Rbldnsd _server = dnsbl.Server;

    [Fact]
    public async Task ListedClient_IsRefusedAtRcptWithTheListsReason()
    {
        IPAddress client = TestClients.Next(Listing.Blocked);
        var log = new LogCapture();
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            services => services.AddSingleton<ILoggerProvider>(log),
            DaemonWithChecks.Settings(_server.Server, s_zones, ("Logging:LogLevel:SmtpShield.Sessions.Commands.RcptCommandHandler", "Information")));
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, client);
        await smtp.ExpectAsync(220);

        string transcript = await smtp.ConverseAsync("HELO client.example", "MAIL FROM:<sender@example.net>", "RCPT TO:<rcpt@example.org>", "QUIT");

        Assert.Equal(
            $"""
            S: 220 mx.test.example ESMTP
            C: HELO client.example
            S: 250 mx.test.example
            C: MAIL FROM:<sender@example.net>
            S: 250 2.1.0 Ok
            C: RCPT TO:<rcpt@example.org>
            S: 554 5.7.1 Service unavailable; client [{client}] blocked using bl.test; Listed by bl.test: see https://bl.test/{client}
            C: QUIT
            S: 221 2.0.0 Bye
            """,
            transcript);
        Assert.Equal(
            $"Information: NOQUEUE: reject: RCPT from [{client}]:{smtp.LocalEndPoint.Port}: 554 5.7.1 Service unavailable; " +
            $"client [{client}] blocked using bl.test; Listed by bl.test: see https://bl.test/{client}; " +
            "from=<sender@example.net> to=<rcpt@example.org> proto=SMTP helo=<client.example>",
            Assert.Single(log.Lines, line => line.Contains("NOQUEUE", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AllowlistedClient_IsLetThrough()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(DaemonWithChecks.Settings(_server.Server, s_zones));

        ParsedReply reply = await DaemonWithChecks.RcptReplyAsync(daemon, TestClients.Next(Listing.Allowlisted));

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), reply.ToString());
    }

    [Theory]
    [InlineData(Listing.Allowlisted, "451 4.4.0 Error: the mail server is not reachable now; try again later")]
    [InlineData(Listing.Nowhere, "554 5.7.1 Service unavailable; client [{client}] EHLO mx.test.example is our own name")]
    public async Task AllowlistedClient_SkipsTheOtherChecks(Listing listing, string reply)
    {
        // With reverse DNS and EHLO checks on: rbldnsd refuses the PTR question (reverse DNS lookup failed: 1)
        // and the client claims to be us (2), which is enough to refuse it unless a DNSWL vouches for it.
        IPAddress client = TestClients.Next(listing);
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, s_zones, ("ReverseDns:Enabled", "true"), ("Helo:Enabled", "true")));
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client);
        await smtp.ExpectAsync(250, "HELO mx.test.example");
        await smtp.ExpectAsync(250, "MAIL FROM:<sender@example.net>");

        ParsedReply rcpt = await smtp.CommandAsync("RCPT TO:<rcpt@example.org>");

        Assert.Equal(reply.Replace("{client}", client.ToString(), StringComparison.Ordinal), rcpt.ToString());
    }

    [Fact]
    public async Task CleanClient_IsLetThroughAndRemembered_SoItsNextSessionAsksNoList()
    {
        // Dns:MaxCacheEntries 0 turns the DNS cache off: only the pass cache can spare the second query.
        IPAddress client = TestClients.Next(Listing.Nowhere);
        string name = $"{string.Join('.', client.GetAddressBytes().Reverse())}.bl.test";
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, s_zones, ("Dns:MaxCacheEntries", "0")));

        ParsedReply first = await DaemonWithChecks.RcptReplyAsync(daemon, client);
        await _server.SyncLogAsync();
        int queriesAfterFirst = _server.CountQueries(name, "A");
        ParsedReply second = await DaemonWithChecks.RcptReplyAsync(daemon, client);
        await _server.SyncLogAsync();

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), first.ToString());
        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), second.ToString());
        Assert.True(daemon.Services.GetRequiredService<IVerdictCache>().HasPassed(client));
        Assert.Equal((1, 1), (queriesAfterFirst, _server.CountQueries(name, "A")));
    }

    [Fact]
    public async Task ListedClient_IsNotRemembered()
    {
        IPAddress client = TestClients.Next(Listing.Blocked);
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(DaemonWithChecks.Settings(_server.Server, s_zones));

        ParsedReply first = await DaemonWithChecks.RcptReplyAsync(daemon, client);
        ParsedReply second = await DaemonWithChecks.RcptReplyAsync(daemon, client);

        Assert.Equal((554, 554), (first.Code, second.Code));
        Assert.False(daemon.Services.GetRequiredService<IVerdictCache>().HasPassed(client));
    }

    [Fact]
    public async Task DnsblWithTheIgnoreAction_LetsAListedClientThrough()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, s_zones, ("Dnsbl:Action", "Ignore")));

        ParsedReply reply = await DaemonWithChecks.RcptReplyAsync(daemon, TestClients.Next(Listing.Blocked));

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), reply.ToString());
    }

    [Fact]
    public async Task SilentClientWithTheDropAction_Gets521WithoutSendingACommand()
    {
        // postscreen's drop is "at once": a zombie that sits silent after the banner hears 521 as soon
        // as the DNSBL answer is in, and its connection slot is freed.
        IPAddress client = TestClients.Next(Listing.Blocked);
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, s_zones, ("Dnsbl:Action", "Drop")));
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client);

        ParsedReply drop = await smtp.ReadReplyAsync();

        Assert.Equal(
            $"521 5.7.1 mx.test.example Service unavailable; client [{client}] blocked using bl.test; Listed by bl.test: see https://bl.test/{client}",
            drop.ToString());
        await smtp.ExpectClosedAsync();
    }

    [Fact]
    public async Task DnsblWithTheDropAction_Answers521AndCloses()
    {
        IPAddress client = TestClients.Next(Listing.Blocked);
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, s_zones, ("Dnsbl:Action", "Drop")));
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client);

        // The drop comes at the first command after the lookup has finished: HELO already, or RCPT at the latest.
        ParsedReply? drop = null;
        foreach (string command in new[] { "HELO client.example", "MAIL FROM:<sender@example.net>", "RCPT TO:<rcpt@example.org>" })
        {
            ParsedReply reply = await smtp.CommandAsync(command);
            if (reply.Code != 250)
            {
                drop = reply;
                break;
            }
        }

        Assert.Equal(
            $"521 5.7.1 mx.test.example Service unavailable; client [{client}] blocked using bl.test; Listed by bl.test: see https://bl.test/{client}",
            drop?.ToString());
        await smtp.ExpectClosedAsync();
    }
}
