using SmtpShield.Tests.Sessions;

namespace SmtpShield.Tests.Checks;

/// <summary>
/// The "Protocol" section through a real session: pipelining where RFC 2920 forbids it, non-SMTP
/// commands, bare LF, unknown commands; each with its action. A correct pipelining client is covered by
/// PipeliningTests (its RCPTs are relayed, not refused).
/// </summary>
public sealed class ProtocolTestTests
{
    private const string RejectedFor = "554 5.7.1 Service unavailable; client [192.0.2.10] ";

    [Fact]
    public async Task CommandPipelinedAfterEhlo_IsRejectedAtRcpt()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendAsync("EHLO client.example\r\nMAIL FROM:<a@client.example>\r\n");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);

        await session.SendLineAsync("RCPT TO:<b@example.org>");

        Assert.Equal(RejectedFor + "pipelined commands after EHLO", (await session.ReadReplyAsync()).ToString());
    }

    [Fact]
    public async Task PipeliningAfterHelo_WherePipeliningWasNeverOffered_IsRejected()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendLineAsync("HELO client.example");
        await session.ReadReplyAsync();

        await session.SendAsync("MAIL FROM:<a@client.example>\r\nRCPT TO:<b@example.org>\r\n");

        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        Assert.Equal(RejectedFor + "pipelined commands after MAIL", (await session.ReadReplyAsync()).ToString());
    }

    [Fact]
    public async Task PipeliningTestIgnored_LetsTheClientThrough()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Protocol:PipeliningAction", "Ignore"));
        await session.SendAsync("EHLO client.example\r\nMAIL FROM:<a@client.example>\r\n");
        await session.ReadReplyAsync();
        await session.ReadReplyAsync();

        await session.SendLineAsync("RCPT TO:<b@example.org>");

        Assert.Equal(451, (await session.ReadReplyAsync()).Code);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: mx.test.example\r\n\r\n", "GET")]
    [InlineData("CONNECT 192.0.2.1:25 HTTP/1.0\r\n\r\n", "CONNECT")]
    [InlineData("User-Agent: curl/7.88\r\n", "User-Agent:")]
    public async Task NonSmtpCommand_IsDroppedAtOnce(string request, string word)
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();

        await session.SendAsync(request);

        Assert.Equal($"521 5.7.1 mx.test.example Service unavailable; client [192.0.2.10] non-SMTP command {word}", (await session.ReadReplyAsync()).ToString());
        await session.AssertClosedAsync();
    }

    [Fact]
    public async Task NonSmtpCommandEnforced_IsAnsweredThenRejectedAtRcpt()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Protocol:NonSmtpCommandAction", "Enforce"));
        await session.SendLineAsync("POST /cgi-bin/x HTTP/1.1");
        Assert.Equal("500 5.5.2 Error: command not recognized", (await session.ReadReplyAsync()).ToString());
        await session.StartTransactionAsync();

        await session.SendLineAsync("RCPT TO:<b@example.org>");

        Assert.Equal(RejectedFor + "non-SMTP command POST", (await session.ReadReplyAsync()).ToString());
    }

    [Theory]
    [InlineData("Enforce", "554")]
    [InlineData("Ignore", "451")]
    public async Task BareNewline_FollowsItsAction(string action, string rcptCode)
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Protocol:BareNewlineAction", action));
        await session.SendAsync("HELO client.example\n");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        await session.SendLineAsync("MAIL FROM:<a@client.example>");
        await session.ReadReplyAsync();

        await session.SendLineAsync("RCPT TO:<b@example.org>");

        Assert.StartsWith(rcptCode, (await session.ReadReplyAsync()).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommandsUpToTheLimit_AreRejectedAtRcpt()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Protocol:UnknownCommandLimit", "3"));
        for (int i = 0; i < 3; i++)
        {
            await session.SendLineAsync("XYZZY");
            Assert.Equal(500, (await session.ReadReplyAsync()).Code);
        }

        await session.StartTransactionAsync();
        await session.SendLineAsync("RCPT TO:<b@example.org>");

        Assert.Equal(RejectedFor + "3 unknown commands", (await session.ReadReplyAsync()).ToString());
    }

    [Fact]
    public async Task TwoUnknownCommands_StayUnderALimitOfThree()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Protocol:UnknownCommandLimit", "3"));
        for (int i = 0; i < 2; i++)
        {
            await session.SendLineAsync("XYZZY");
            await session.ReadReplyAsync();
        }

        await session.StartTransactionAsync();
        await session.SendLineAsync("RCPT TO:<b@example.org>");

        Assert.Equal(451, (await session.ReadReplyAsync()).Code);
    }
}
