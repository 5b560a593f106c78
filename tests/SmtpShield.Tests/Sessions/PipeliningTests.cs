using System.Text;

namespace SmtpShield.Tests.Sessions;

/// <summary>RFC 2920: every command in the buffer is answered, in order, and the replies leave in one flush.</summary>
public sealed class PipeliningTests
{
    // After the EHLO reply, as RFC 2920 §3.1 allows: EHLO itself must end a group.
    private const string Group = "MAIL FROM:<a@client.example>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nQUIT\r\n";

    [Fact]
    public async Task PipelinedGroup_IsAnsweredInOrderInOneFlush()
    {
        await using SessionHarness session = await StartAfterEhloAsync();
        await session.SendAsync(Group);
        string replies = await session.ReadAvailableAsync();
        string[] codes = [.. replies.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(l => l[3] == ' ').Select(l => l[..3])];
        Assert.Equal(["250", "451", "451", "221"], codes);
    }

    [Fact]
    public async Task SameGroupOneBytePerWrite_GetsTheSameReplies()
    {
        await using SessionHarness whole = await StartAfterEhloAsync();
        await whole.SendAsync(Group);
        var expected = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            expected.Add((await whole.ReadReplyAsync()).ToString());
        }

        await using SessionHarness trickle = await StartAfterEhloAsync();
        foreach (byte b in Encoding.ASCII.GetBytes(Group))
        {
            await trickle.SendBytesAsync(new[] { b });
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], (await trickle.ReadReplyAsync()).ToString());
        }

        await trickle.AssertClosedAsync();
    }

    [Fact]
    public async Task BytesPipelinedAfterStartTls_AreDiscardedNotExecuted()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendAsync("EHLO client.example\r\n");
        await session.ReadReplyAsync();
        await session.SendAsync("STARTTLS\r\nRSET\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", (await session.ReadReplyAsync()).ToString());

        // The session now expects a TLS ClientHello; plaintext is a failed handshake and a clean close,
        // never a reply to the injected RSET.
        await session.SendAsync("NOOP\r\n");
        await session.AssertClosedAsync();
        Assert.Equal(SmtpShield.Sessions.SessionEndReason.TlsHandshakeFailed, session.Session.Context.EndReason);
    }

    private static async Task<SessionHarness> StartAfterEhloAsync()
    {
        SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendAsync("EHLO client.example\r\n");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        return session;
    }
}
