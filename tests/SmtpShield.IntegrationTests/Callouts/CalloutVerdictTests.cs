using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using SmtpShield.Callouts;
using SmtpShield.IntegrationTests.Checks;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Callouts;

/// <summary>
/// Callouts in the daemon: started at MAIL FROM, decided at RCPT TO. A sender its own server refuses gets
/// 550 5.1.7; a verified or greylisted one goes on to the backend (unreachable here: 451 4.4.0).
/// </summary>
public sealed class CalloutVerdictTests(CalloutWorld world) : IClassFixture<CalloutWorld>
{
    private static readonly IPAddress s_client = IPAddress.Parse("127.9.0.5");

    [Fact]
    public async Task SenderItsServerRefuses_IsRejectedAtRcptWithTheReason()
    {
        await using DaemonUnderTest daemon = await StartAsync();

        ParsedReply rcpt = await RcptReplyAsync(daemon, "bob@backend.test");

        Assert.Equal(550, rcpt.Code);
        Assert.StartsWith("5.1.7 Sender address rejected: <bob@backend.test>: mx.backend.test [", rcpt.Lines[0], StringComparison.Ordinal);
        Assert.Contains("550 5.1.1", rcpt.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedSender_RefusesThatTransactionOnly_AndTheClientIsNoOffender()
    {
        await using DaemonUnderTest daemon = await StartAsync();
        await using (SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, s_client))
        {
            await smtp.ExpectAsync(250, "EHLO client.example");
            await smtp.ExpectAsync(250, "MAIL FROM:<bob@backend.test>");
            Assert.Equal(550, (await smtp.CommandAsync("RCPT TO:<rcpt@example.org>")).Code);
            await smtp.ExpectAsync(250, "RSET");
            await smtp.ExpectAsync(250, "MAIL FROM:<alice@backend.test>");

            // A forwarding MTA's next message, from a real sender, is judged afresh.
            Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), (await smtp.CommandAsync("RCPT TO:<rcpt@example.org>")).ToString());
            await smtp.ExpectAsync(221, "QUIT");
        }

        // Not blocked for its sender's fault: the next connection is greeted.
        await using SmtpTestClient again = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, s_client);
        Assert.Equal(250, (await again.CommandAsync("EHLO client.example")).Code);
    }

    [Fact]
    public async Task SecondSessionFromTheSameSender_IsAnsweredFromTheCache()
    {
        await using DaemonUnderTest daemon = await StartAsync();

        ParsedReply first = await RcptReplyAsync(daemon, "bob@backend.test");
        ParsedReply second = await RcptReplyAsync(daemon, "bob@backend.test");

        Assert.Equal((550, 550), (first.Code, second.Code));
        Assert.DoesNotContain("cached:", first.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("5.1.7 Sender address rejected: <bob@backend.test>: cached: mx.backend.test [", second.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachCallout_IsCountedByResultAndSource()
    {
        var counted = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CalloutMetrics.MeterName && instrument.Name == "smtpshield.callouts")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Dictionary<string, object?> tag = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            counted.Enqueue($"{tag["result"]}/{tag["source"]}={value}");
        });
        listener.Start();
        await using DaemonUnderTest daemon = await StartAsync();

        await RcptReplyAsync(daemon, "bob@backend.test");
        await RcptReplyAsync(daemon, "bob@backend.test");
        await RcptReplyAsync(daemon, "alice@backend.test");

        Assert.Equal(["rejected/asked=1", "rejected/cache=1", "accepted/asked=1"], counted.ToArray());
    }

    [Theory]
    [InlineData("alice@backend.test")] // verified
    [InlineData("carol@backend.test")] // greylisted: nothing known
    [InlineData("someone@example.net")] // a domain Callouts:Domains does not cover: no callout
    public async Task SenderNotRefused_GoesOnToTheBackend(string sender)
    {
        await using DaemonUnderTest daemon = await StartAsync();

        ParsedReply rcpt = await RcptReplyAsync(daemon, sender);

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), rcpt.ToString());
    }

    [Fact]
    public async Task RefusedSenderWithRejectOff_OnlyAddsItsWeight()
    {
        // Weight 2 is the tarpit threshold's, below the reject threshold of 3: the session goes on.
        await using DaemonUnderTest daemon = await StartAsync(("Callouts:Reject", "false"), ("Callouts:Weight", "2"), ("Tarpit:Delay", "00:00:00"));

        ParsedReply rcpt = await RcptReplyAsync(daemon, "bob@backend.test");

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), rcpt.ToString());
    }

    [Fact]
    public async Task MailServerInATrustedNetwork_IsNeverCalled()
    {
        // A forged MX must not make SmtpShield knock on hosts it trusts: here the Postfix's address is in Policy:Allow.
        await using DaemonUnderTest daemon = await StartAsync(("Policy:Allow:0", $"{world.Postfix.EndPoint.Address}/32"));

        ParsedReply rcpt = await RcptReplyAsync(daemon, "bob@backend.test");

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), rcpt.ToString());
    }

    [Fact]
    public async Task CalloutsPerDomainPerMinute_AreCapped()
    {
        await using DaemonUnderTest daemon = await StartAsync(("Callouts:MaxPerDomainPerMinute", "1"));
        if (DateTime.UtcNow.Second >= 55)
        {
            await Task.Delay(TimeSpan.FromSeconds(6)); // both sessions in one calendar minute, the limit's window
        }

        ParsedReply first = await RcptReplyAsync(daemon, "bob@backend.test");
        ParsedReply second = await RcptReplyAsync(daemon, "dave@backend.test"); // also no such user, but not asked

        Assert.Equal((550, SmtpReplies.BackendUnavailable.ToString()), (first.Code, second.ToString()));
    }

    [Theory]
    [InlineData(3, 550)]
    [InlineData(1, 451)] // the second MAIL's callout is over the cap: nothing known of bob
    public async Task CalloutsPerSession_AreCapped(int maxPerSession, int expected)
    {
        await using DaemonUnderTest daemon = await StartAsync(("Callouts:MaxPerSession", maxPerSession.ToString(CultureInfo.InvariantCulture)));
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, s_client);
        await smtp.ExpectAsync(250, "EHLO client.example");
        await smtp.ExpectAsync(250, "MAIL FROM:<alice@backend.test>");
        await smtp.ExpectAsync(250, "RSET");
        await smtp.ExpectAsync(250, "MAIL FROM:<bob@backend.test>");

        ParsedReply rcpt = await smtp.CommandAsync("RCPT TO:<rcpt@example.org>");

        Assert.Equal(expected, rcpt.Code);
    }

    private Task<DaemonUnderTest> StartAsync(params (string Key, string? Value)[] overrides) =>
        DaemonUnderTest.StartAsync(DaemonWithChecks.Settings(world.Dns.Server, [],
        [
            ("Policy:CheckTimeout", "00:00:05"),
            ("Callouts:Enabled", "true"),
            ("Callouts:Domains:0", "backend.test"),
            ("Callouts:Port", world.Postfix.EndPoint.Port.ToString(CultureInfo.InvariantCulture)),
            ("Callouts:Deadline", "00:00:04"),
            .. overrides,
        ]));

    private static async Task<ParsedReply> RcptReplyAsync(DaemonUnderTest daemon, string sender)
    {
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, s_client);
        await smtp.ExpectAsync(250, "EHLO client.example");
        await smtp.ExpectAsync(250, $"MAIL FROM:<{sender}>");
        return await smtp.CommandAsync("RCPT TO:<rcpt@example.org>");
    }
}
