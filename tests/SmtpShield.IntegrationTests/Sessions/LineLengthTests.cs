using System.Text;

namespace SmtpShield.IntegrationTests.Sessions;

/// <summary>
/// RFC 5321 §4.5.3.1.4: a command line is at most 512 octets (Limits:CommandLineLength). A longer line
/// is refused with 500 5.5.2 once its LF arrives, is never buffered whole, and leaves the session usable.
/// </summary>
public class LineLengthTests
{
    [Fact]
    public async Task OverlongLine_IsRefusedAndTheNextCommandGetsItsNormalReply()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        await client.SendAsync("NOOP " + new string('x', 2_000) + "\r\nEHLO client.example\r\n");
        await client.ReadRepliesAsync(2);

        Assert.Equal(
            """
            C: NOOP xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (2005 octets)
            C: EHLO client.example
            S: 500 5.5.2 Error: line too long
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-STARTTLS
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            """,
            client.Transcript.Take());
    }

    [Fact]
    public async Task LineAtTheLimit_IsServedAndOneOctetMoreIsRefused()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);

        // 512 octets including CRLF: "NOOP " + 505 octets + CRLF.
        string atLimit = "NOOP " + new string('x', 512 - 7);
        Assert.Equal(250, (await client.CommandAsync(atLimit)).Code);
        Assert.Equal("500 5.5.2 Error: line too long", (await client.CommandAsync(atLimit + "x")).ToString());
    }

    [Fact]
    public async Task MegabyteWithoutLineFeed_IsDiscardedAndTheSessionStillAnswers()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        await client.SendAsync(Encoding.ASCII.GetBytes(new string('x', 1024 * 1024)));
        await client.SendAsync("\r\n");
        await client.ReadReplyAsync();
        string transcript = await client.ConverseAsync("NOOP");

        Assert.Equal(
            """
            C: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (1048576 octets)
            S: 500 5.5.2 Error: line too long
            C: NOOP
            S: 250 2.0.0 Ok
            """,
            transcript);
    }
}
