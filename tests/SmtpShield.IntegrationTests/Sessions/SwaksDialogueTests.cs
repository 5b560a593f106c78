using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Sessions;

/// <summary>
/// What an admin sees when testing the daemon with swaks: an MTA that answers up to RCPT TO and, with no
/// relay yet, defers every recipient (451) so the sender keeps its mail. swaks exits 24, "all recipients refused".
/// </summary>
public class SwaksDialogueTests
{
    private const int SwaksAllRecipientsRefused = 24;

    [Fact]
    public async Task PlainDialogueUpToRcpt_IsAnsweredLikeAnMtaThatDefersEveryRecipient()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();

        ProcessResult swaks = await Swaks.RunAsync(daemon.SmtpEndPoint,
            "--from", "a@example.net", "--to", "b@example.org", "--helo", "client.example", "--quit-after", "RCPT");

        // No software name or version in the banner; no 250 for a recipient we could not hand off.
        Assert.Equal(
            $"""
            S: 220 mx.test.example ESMTP
            C: EHLO client.example
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-STARTTLS
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            C: MAIL FROM:<a@example.net>
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.org>
            S: {SmtpReplies.BackendUnavailable}
            C: QUIT
            S: 221 2.0.0 Bye
            """,
            SwaksTranscript.From(swaks.StandardOutput));
        Assert.True(swaks.ExitCode == SwaksAllRecipientsRefused, swaks.ToString());
        Assert.StartsWith("451 4.4.0 ", SmtpReplies.BackendUnavailable.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DialogueWithStartTls_ForgetsTheFirstEhloAndNoLongerOffersStartTls()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();

        ProcessResult swaks = await Swaks.RunAsync(daemon.SmtpEndPoint,
            "--tls", "--from", "a@example.net", "--to", "b@example.org", "--helo", "client.example", "--quit-after", "RCPT");

        Assert.Equal(
            $"""
            S: 220 mx.test.example ESMTP
            C: EHLO client.example
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-STARTTLS
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            C: STARTTLS
            S: 220 2.0.0 Ready to start TLS
            -- TLS started
            C: EHLO client.example
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            C: MAIL FROM:<a@example.net>
            S: 250 2.1.0 Ok
            C: RCPT TO:<b@example.org>
            S: {SmtpReplies.BackendUnavailable}
            C: QUIT
            S: 221 2.0.0 Bye
            """,
            SwaksTranscript.From(swaks.StandardOutput));
        Assert.True(swaks.ExitCode == SwaksAllRecipientsRefused, swaks.ToString());
    }
}
