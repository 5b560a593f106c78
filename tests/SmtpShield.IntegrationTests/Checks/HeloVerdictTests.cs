using System.Net;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// The EHLO check in the daemon: the client is judged on the greeting it last gave. RFC 5321 §4.1.4 makes
/// a second EHLO reset the session as if RSET were sent, and RFC 3207 §4.2 requires one after STARTTLS,
/// so a TLS client always greets twice: its name must not be scored twice.
/// </summary>
public class HeloVerdictTests(TestReverseDnsServer dns) : IClassFixture<TestReverseDnsServer>
{
    private readonly Dnsmasq _server = dns.Server;

    [Fact]
    public async Task ClientThatGreetsAgainAfterStartTls_IsScoredOnce()
    {
        // A single-label name scores 2 here: once is a tarpit (then handed to the backend, unreachable here: 451 4.4.0);
        // counted twice it would be 4, a reject.
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, [], ("Helo:Enabled", "true"), ("Helo:SingleLabelScore", "2")));
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, IPAddress.Parse("127.8.0.3"));
        await smtp.ExpectAsync(250, "EHLO localhost");
        await smtp.ExpectAsync(220, "STARTTLS");
        await smtp.StartTlsAsync();
        await smtp.ExpectAsync(250, "EHLO localhost");
        await smtp.ExpectAsync(250, "MAIL FROM:<sender@example.net>");

        ParsedReply rcpt = await smtp.CommandAsync("RCPT TO:<rcpt@example.org>");

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), rcpt.ToString());
    }

    [Fact]
    public async Task ClientThatGreetsTwice_IsJudgedOnItsLastGreeting()
    {
        // Our own name scores 3 here, a reject on its own; the client corrects itself before MAIL.
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, [], ("Helo:Enabled", "true"), ("Helo:OwnNameScore", "3")));
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, IPAddress.Parse("127.8.0.1"));
        await smtp.ExpectAsync(250, "EHLO mx.test.example");
        await smtp.ExpectAsync(250, "EHLO mail.rdns.test");
        await smtp.ExpectAsync(250, "MAIL FROM:<sender@example.net>");

        ParsedReply rcpt = await smtp.CommandAsync("RCPT TO:<rcpt@example.org>");

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), rcpt.ToString());
    }
}
