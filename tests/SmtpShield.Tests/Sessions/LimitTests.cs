using System.Text;

namespace SmtpShield.Tests.Sessions;

/// <summary>Every input has a limit; crossing it gets a clear reply and, where it must, a clean close.</summary>
public sealed class LimitTests
{
    [Fact]
    public async Task OverlongLine_Gets500AndTheNextCommandIsServed()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendAsync("NOOP " + new string('x', 600) + "\r\nNOOP\r\n");
        Assert.Equal("500 Error: line too long".Replace("500 ", "500 5.5.2 ", StringComparison.Ordinal), (await session.ReadReplyAsync()).ToString());
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
    }

    [Fact]
    public async Task HugeLineArrivingInChunks_IsDiscardedWithoutEndingTheSession()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        byte[] chunk = Encoding.ASCII.GetBytes(new string('y', 64 * 1024));
        for (int i = 0; i < 32; i++)
        {
            await session.SendBytesAsync(chunk); // 2 MiB without a line feed
        }

        await session.SendAsync("\r\nNOOP\r\n");
        Assert.Equal(500, (await session.ReadReplyAsync()).Code);
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
    }

    [Fact]
    public async Task ConfiguredLineLength_IsHonoured()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Limits:CommandLineLength", "1000"));
        await session.SendAsync("NOOP " + new string('x', 900) + "\r\nNOOP " + new string('x', 1000) + "\r\n");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        Assert.Equal(500, (await session.ReadReplyAsync()).Code);
    }

    [Fact]
    public async Task NulInACommand_Gets500()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendAsync("HELO a\0b\r\n");
        Assert.Equal("500 5.5.2 Error: NUL character in command", (await session.ReadReplyAsync()).ToString());
    }

    [Fact]
    public async Task BinaryJunk_GetsBadUtf8AndCountsAsAnError()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendBytesAsync(new byte[] { 0x16, 0x03, 0x01, 0xC3, 0x28, (byte)'\r', (byte)'\n' });
        Assert.Equal("500 5.5.2 Error: bad UTF-8 syntax", (await session.ReadReplyAsync()).ToString());
        Assert.Equal(1, session.Session.Context.Errors);
    }

    [Fact]
    public async Task BareLineFeeds_AreAcceptedAndRemembered()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendAsync("HELO client.example\nNOOP\n");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        Assert.True(session.Session.Context.SeenLineFlags.HasFlag(SmtpShield.Protocol.LineFlags.BareLineFeed));
    }

    [Fact]
    public async Task TooManyErrors_End421AfterTheLastErrorReply()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Limits:MaxErrors", "3"));
        await session.SendAsync("FOO\r\nBAR\r\nBAZ\r\nNOOP\r\n");
        Assert.Equal(500, (await session.ReadReplyAsync()).Code);
        Assert.Equal(500, (await session.ReadReplyAsync()).Code);
        Assert.Equal(500, (await session.ReadReplyAsync()).Code);
        Assert.Equal("421 4.7.0 mx.test.example Error: too many errors", (await session.ReadReplyAsync()).ToString());
        await session.AssertClosedAsync();
        Assert.Equal(SmtpShield.Sessions.SessionEndReason.TooManyErrors, session.Session.Context.EndReason);
    }

    [Fact]
    public async Task TooManyCommands_End421()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Limits:MaxCommands", "3"));
        await session.SendAsync("NOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n");
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        }

        Assert.Equal("421 4.7.0 mx.test.example Error: too many commands", (await session.ReadReplyAsync()).ToString());
        await session.AssertClosedAsync();
    }
}
