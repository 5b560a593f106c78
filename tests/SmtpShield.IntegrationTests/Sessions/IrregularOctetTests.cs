namespace SmtpShield.IntegrationTests.Sessions;

/// <summary>
/// Octets a well-behaved client never sends: a NUL in a command is refused (500 5.5.2); a bare LF as the
/// line ending is tolerated (recorded as evidence for the protocol checks, not refused).
/// </summary>
public class IrregularOctetTests
{
    [Fact]
    public async Task NulInACommand_IsRefusedAndTheSessionContinues()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        Assert.Equal(
            """
            C: NO<NUL>OP
            S: 500 5.5.2 Error: NUL character in command
            C: EHLO client<NUL>.example
            S: 500 5.5.2 Error: NUL character in command
            C: NOOP
            S: 250 2.0.0 Ok
            """,
            await client.ConverseAsync("NO\0OP", "EHLO client\0.example", "NOOP"));
    }

    [Fact]
    public async Task BareLineFeedEndings_AreServedLikeCrLf()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        foreach (string command in new[] { "HELO client.example", "MAIL FROM:<a@example.net>", "RSET", "QUIT" })
        {
            await client.SendAsync(command + "\n");
            await client.ReadReplyAsync();
        }

        await client.ExpectClosedAsync();
        Assert.Equal(
            """
            C: HELO client.example
            S: 250 mx.test.example
            C: MAIL FROM:<a@example.net>
            S: 250 2.1.0 Ok
            C: RSET
            S: 250 2.0.0 Ok
            C: QUIT
            S: 221 2.0.0 Bye
            """,
            client.Transcript.Take());
    }
}
