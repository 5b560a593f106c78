using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Sessions;

/// <summary>
/// RFC 5321 §4.1.4 and §3.3: commands out of order get 503 5.5.1 (bad sequence), and DATA without an
/// accepted recipient is refused (503 or 554), never answered with 354: SmtpShield never takes a message.
/// </summary>
public class CommandOrderTests
{
    [Fact]
    public async Task MailBeforeEhlo_IsABadSequence()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        Assert.Equal(
            """
            C: MAIL FROM:<a@example.net>
            S: 503 5.5.1 Error: send HELO/EHLO first
            """,
            await client.ConverseAsync("MAIL FROM:<a@example.net>"));
    }

    [Fact]
    public async Task RcptBeforeMail_IsABadSequence()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("HELO client.example");
        client.Transcript.Take();

        Assert.Equal(
            """
            C: RCPT TO:<b@example.org>
            S: 503 5.5.1 Error: need MAIL command
            """,
            await client.ConverseAsync("RCPT TO:<b@example.org>"));
    }

    [Fact]
    public async Task DataWithoutAnAcceptedRecipient_IsRefusedAndNeverAnswered354()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("HELO client.example");
        client.Transcript.Take();

        string transcript = await client.ConverseAsync(
            "DATA", "MAIL FROM:<a@example.net>", "DATA", "RCPT TO:<b@example.org>", "DATA");

        Assert.Equal(
            $"""
            C: DATA
            S: 503 5.5.1 Error: need MAIL command
            C: MAIL FROM:<a@example.net>
            S: 250 2.1.0 Ok
            C: DATA
            S: 503 5.5.1 Error: need RCPT command
            C: RCPT TO:<b@example.org>
            S: {SmtpReplies.BackendUnavailable}
            C: DATA
            S: 554 5.5.1 Error: no valid recipients
            """,
            transcript);
        Assert.DoesNotContain("S: 354", transcript, StringComparison.Ordinal);
    }
}
