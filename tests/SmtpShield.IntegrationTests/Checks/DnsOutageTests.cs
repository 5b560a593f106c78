using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// shared/ARCHITECTURE.md decision 5: if DNS is down the checks fail within the DNS timeout and the policy
/// decides; by default it fails open, so a DNS outage never stops mail and never hangs a session. Here
/// Policy:CheckTimeout is 10 s, so a session decided sooner was decided by the DNS timeout (1 s).
/// </summary>
public class DnsOutageTests
{
    private static readonly TimeSpan s_dnsTimeout = TimeSpan.FromSeconds(1);
    private static readonly (string, string?) s_longCheckTimeout = ("Policy:CheckTimeout", "00:00:10");

    [Fact]
    public async Task DnsblServerKilledMidRun_LaterSessionsFailOpenAtOnce_AndCachedListingsStillCount()
    {
        using Rbldnsd server = await TestLists.StartAsync();
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(DaemonWithChecks.Settings(server.Server, ["bl.test*3"], s_longCheckTimeout));
        IPAddress seenBefore = TestClients.Next(Listing.Blocked);
        ParsedReply beforeKill = await DaemonWithChecks.RcptReplyAsync(daemon, seenBefore);

        server.Kill();
        var clock = Stopwatch.StartNew();
        ParsedReply[] afterKill = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => DaemonWithChecks.RcptReplyAsync(daemon, TestClients.Next(Listing.Blocked))));
        TimeSpan elapsed = clock.Elapsed;
        ParsedReply seenBeforeAgain = await DaemonWithChecks.RcptReplyAsync(daemon, seenBefore);

        Assert.Equal(554, beforeKill.Code);
        Assert.All(afterKill, reply => Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), reply.ToString()));
        Assert.True(elapsed < s_dnsTimeout + TimeSpan.FromSeconds(1.5), $"Five sessions took {elapsed.TotalSeconds:0.##} s with the DNSBL server gone.");
        Assert.Equal(554, seenBeforeAgain.Code);
    }

    [Theory]
    [InlineData("FailOpen", "451 4.4.0 Error: the mail server is not reachable now; try again later")]
    [InlineData("TempFail", "451 4.7.1 Service temporarily unavailable; bl.test: lookup failed (Timeout); try again later")]
    public async Task DnsServerThatNeverAnswers_SessionIsDecidedWithinTheDnsTimeout(string onDnsFailure, string reply)
    {
        using Socket blackHole = Loopback.BlackHole();
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(blackHole.LocalEndPoint!.ToString()!, ["bl.test*3"], ("Policy:OnDnsFailure", onDnsFailure), s_longCheckTimeout));
        var clock = Stopwatch.StartNew();

        ParsedReply rcpt = await DaemonWithChecks.RcptReplyAsync(daemon, TestClients.Next(Listing.Blocked));

        Assert.Equal(reply, rcpt.ToString());
        Assert.InRange(clock.Elapsed, s_dnsTimeout * 0.9, s_dnsTimeout + TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task ChecksStillRunningAtCheckTimeout_CountAsTemporaryFailures()
    {
        // The DNS timeout (5 s) is longer than Policy:CheckTimeout (1 s): RCPT TO decides without the lookup.
        using Socket blackHole = Loopback.BlackHole();
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(DaemonWithChecks.Settings(
            blackHole.LocalEndPoint!.ToString()!, ["bl.test*3"],
            ("Dns:Timeout", "00:00:05"), ("Policy:CheckTimeout", "00:00:01"), ("Policy:OnDnsFailure", "TempFail")));
        var clock = Stopwatch.StartNew();

        ParsedReply rcpt = await DaemonWithChecks.RcptReplyAsync(daemon, TestClients.Next(Listing.Blocked));

        Assert.Equal("451 4.7.1 Service temporarily unavailable; dnsbl check timed out; try again later", rcpt.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
    }
}
