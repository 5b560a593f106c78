using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmtpShield.Protocol;
using SmtpShield.Verdicts;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// The reverse-DNS and EHLO checks in the daemon, with dnsmasq as its resolver: their scores add up, and
/// enough of them (Policy:RejectThreshold 3) refuse the client at RCPT TO with the strongest reason.
/// </summary>
public class ReverseDnsVerdictTests(TestReverseDnsServer dns) : IClassFixture<TestReverseDnsServer>
{
    private readonly Dnsmasq _server = dns.Server;

    [Fact]
    public async Task ClientWithoutPtrClaimingToBeUs_IsRefused()
    {
        // No PTR (1) + our own name (2) = 3.
        await using DaemonUnderTest daemon = await StartAsync();
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, IPAddress.Parse("127.8.0.3"));

        string transcript = await smtp.ConverseAsync("HELO mx.test.example", "MAIL FROM:<sender@example.net>", "RCPT TO:<rcpt@example.org>");

        Assert.Equal(
            """
            C: HELO mx.test.example
            S: 250 mx.test.example
            C: MAIL FROM:<sender@example.net>
            S: 250 2.1.0 Ok
            C: RCPT TO:<rcpt@example.org>
            S: 554 5.7.1 Service unavailable; client [127.8.0.3] EHLO mx.test.example is our own name
            """,
            transcript[(transcript.IndexOf("C: HELO", StringComparison.Ordinal))..]);
    }

    [Fact]
    public async Task ClientWithConfirmedReverseDnsGreetingByThatName_IsLetThroughAndRemembered()
    {
        var client = IPAddress.Parse("127.8.0.1");
        await using DaemonUnderTest daemon = await StartAsync();
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client);
        await smtp.ExpectAsync(250, "EHLO mail.rdns.test");
        await smtp.ExpectAsync(250, "MAIL FROM:<sender@example.net>");

        ParsedReply reply = await smtp.CommandAsync("RCPT TO:<rcpt@example.org>");

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), reply.ToString());
        Assert.True(daemon.Services.GetRequiredService<IVerdictCache>().HasPassed(client));
    }

    private Task<DaemonUnderTest> StartAsync() => DaemonUnderTest.StartAsync(
        DaemonWithChecks.Settings(_server.Server, [], ("ReverseDns:Enabled", "true"), ("Helo:Enabled", "true")));
}
