using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Sessions;

/// <summary>
/// RFC 2920: a client may send a group of commands without waiting; the server answers each in order,
/// and (shared/STYLE.md habit 5) flushes once per read, so the whole group is answered in one packet.
/// How the group's octets are split across TCP segments must not change any reply.
/// </summary>
public class PipeliningTests
{
    private const string Group =
        "EHLO client.example\r\n" +
        "MAIL FROM:<a@example.net>\r\n" +
        "RCPT TO:<b@example.org>\r\n" +
        "RCPT TO:<c@example.org>\r\n" +
        "QUIT\r\n";

    [Fact]
    public async Task GroupInOneWrite_IsAnsweredInOrderInOneFlush()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();
        int readsBefore = client.DataReads;

        await client.SendAsync(Group);
        await client.ReadRepliesAsync(5);
        await client.ExpectClosedAsync();

        Assert.Equal(
            $"""
            C: EHLO client.example
            C: MAIL FROM:<a@example.net>
            C: RCPT TO:<b@example.org>
            C: RCPT TO:<c@example.org>
            C: QUIT
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-STARTTLS
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            S: 250 2.1.0 Ok
            S: {SmtpReplies.BackendUnavailable}
            S: {SmtpReplies.BackendUnavailable}
            S: 221 2.0.0 Bye
            """,
            client.Transcript.Take());
        Assert.Equal(1, client.DataReads - readsBefore);
    }

    [Fact]
    public async Task GroupSentOneOctetPerWrite_GetsTheSameRepliesAsInOneWrite()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();

        IReadOnlyList<string> whole = await RepliesToGroupAsync(daemon, (client, group) => client.SendAsync(group));
        IReadOnlyList<string> octetByOctet = await RepliesToGroupAsync(daemon, (client, group) => client.SendOctetByOctetAsync(group));

        Assert.Equal(5, whole.Count);
        Assert.Equal(whole, octetByOctet);
    }

    [Fact]
    public async Task CommandsPipelinedAfterQuit_AreNotAnswered()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        await client.SendAsync("NOOP\r\nQUIT\r\nNOOP\r\nHELP\r\n");
        await client.ReadRepliesAsync(2);
        await client.ExpectClosedAsync();

        Assert.Equal(
            """
            C: NOOP
            C: QUIT
            C: NOOP
            C: HELP
            S: 250 2.0.0 Ok
            S: 221 2.0.0 Bye
            """,
            client.Transcript.Take());
    }

    [Fact]
    public async Task ClientThatHalfClosesAfterItsGroup_StillGetsEveryReply()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        await client.SendAsync("HELO client.example\r\nMAIL FROM:<a@example.net>\r\n");
        client.FinishSending();
        await client.ReadRepliesAsync(2);
        await client.ExpectClosedAsync();

        Assert.Equal(
            """
            C: HELO client.example
            C: MAIL FROM:<a@example.net>
            -- client half-closes
            S: 250 mx.test.example
            S: 250 2.1.0 Ok
            """,
            client.Transcript.Take());
    }

    [Fact]
    public async Task FloodInOneWrite_IsAnsweredUpToMaxCommandsThenClosed()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:MaxCommands", "100"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);

        await client.SendAsync(string.Concat(Enumerable.Repeat("NOOP\r\n", 150)));
        IReadOnlyList<ParsedReply> replies = await client.ReadRepliesAsync(101);
        await client.ExpectClosedAsync();

        Assert.All(replies.Take(100), reply => Assert.Equal("250 2.0.0 Ok", reply.ToString()));
        Assert.Equal("421 4.7.0 mx.test.example Error: too many commands", replies[100].ToString());
    }

    private static async Task<IReadOnlyList<string>> RepliesToGroupAsync(DaemonUnderTest daemon, Func<SmtpTestClient, string, Task> send)
    {
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await send(client, Group);
        IReadOnlyList<ParsedReply> replies = await client.ReadRepliesAsync(5);
        await client.ExpectClosedAsync();
        return [.. replies.Select(reply => System.Text.Encoding.UTF8.GetString(reply.Raw))];
    }
}
