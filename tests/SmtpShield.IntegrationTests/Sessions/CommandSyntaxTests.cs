namespace SmtpShield.IntegrationTests.Sessions;

/// <summary>
/// Malformed and unsupported commands, each answered on the wire with the reply an MTA admin expects
/// (codes RFC 5321 §4.2, enhanced codes RFC 3463, texts after Postfix), and the session carries on.
/// </summary>
public class CommandSyntaxTests
{
    public static TheoryData<string, string> AfterEhlo => new()
    {
        { "EHLO", "501 5.5.4 Syntax: EHLO hostname" },
        { "HELO", "501 5.5.4 Syntax: EHLO hostname" },
        { "MAIL TO:<a@example.net>", "501 5.5.4 Syntax: MAIL FROM:<address>" },
        { "MAIL FROM:<not an address>", "501 5.1.7 Bad sender address syntax" },
        { "MAIL FROM:<a@example.net> SIZE=99999999999", "552 5.3.4 Message size exceeds fixed limit" },
        { "MAIL FROM:<a@example.net> FOO=BAR", "555 5.5.4 Unsupported option" },
        { "MAIL FROM:<a@example.net> BODY=BINARYMIME", "555 5.5.4 BODY=BINARYMIME is not supported" },
        { "MAIL FROM:<bjørn@example.net>", "553 5.6.7 Non-ASCII address requires the SMTPUTF8 parameter" },
        { "MAIL FROM:<bjørn@example.net> SMTPUTF8", "250 2.1.0 Ok" },
        { "MAIL FROM:<>", "250 2.1.0 Ok" },
        { "RSET now", "501 5.5.4 Syntax error: no arguments allowed" },
        { "VRFY", "501 5.5.4 Syntax: VRFY address" },
        { "VRFY postmaster", "502 5.5.1 VRFY command is disabled" },
        { "EXPN staff", "502 5.5.1 Error: command not implemented" },
        { "AUTH PLAIN", "502 5.5.1 Error: command not implemented" },
        { "BDAT 10 LAST", "502 5.5.1 Error: command not implemented" },
        { "GET / HTTP/1.0", "500 5.5.2 Error: command not recognized" },
        { "", "500 5.5.2 Error: bad syntax" },
        { "HELP me", "214 2.0.0 See https://www.rfc-editor.org/rfc/rfc5321" },
        { "NOOP anything at all", "250 2.0.0 Ok" },
        { "noop", "250 2.0.0 Ok" },
    };

    [Theory]
    [MemberData(nameof(AfterEhlo))]
    public async Task CommandAfterEhlo_GetsItsReplyAndTheSessionContinues(string command, string expected)
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.ExpectAsync(250, "EHLO client.example");

        string reply = (await client.CommandAsync(command)).ToString();

        Assert.Equal(expected, reply);
        Assert.Equal("250 2.0.0 Ok", (await client.CommandAsync("NOOP")).ToString());
    }

    [Fact]
    public async Task ParametersAfterHelo_AreRefusedBecauseTheyNeedEhlo()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("HELO client.example");
        client.Transcript.Take();

        Assert.Equal(
            """
            C: MAIL FROM:<a@example.net> SIZE=1000
            S: 555 5.5.4 ESMTP parameters need EHLO
            C: MAIL FROM:<a@example.net>
            S: 250 2.1.0 Ok
            """,
            await client.ConverseAsync("MAIL FROM:<a@example.net> SIZE=1000", "MAIL FROM:<a@example.net>"));
    }
}
