using SmtpShield.Sessions;

namespace SmtpShield.Tests.Sessions;

/// <summary>Deadlines are checked by the shared heartbeat against the injected clock, never per-connection timers.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task SilentClient_Gets421AfterTheBannerTimeout()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Limits:BannerTimeout", "00:00:30"));
        session.AdvanceAndTick(TimeSpan.FromSeconds(29));
        session.AdvanceAndTick(TimeSpan.FromSeconds(2));
        Assert.Equal("421 4.4.2 mx.test.example Error: timeout exceeded", (await session.ReadReplyAsync()).ToString());
        await session.AssertClosedAsync();
        Assert.Equal(SessionEndReason.Timeout, session.Session.Context.EndReason);
    }

    [Fact]
    public async Task EachCommand_RestartsTheIdleTimeout()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(
            ("Limits:BannerTimeout", "00:00:10"), ("Limits:IdleTimeout", "00:01:00"));
        await session.SendLineAsync("NOOP");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        session.AdvanceAndTick(TimeSpan.FromSeconds(50));
        await session.SendLineAsync("NOOP");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        session.AdvanceAndTick(TimeSpan.FromSeconds(61));
        Assert.Equal(421, (await session.ReadReplyAsync()).Code);
        await session.AssertClosedAsync();
    }

    [Fact]
    public async Task BusyClient_IsStillBoundByTheSessionTimeout()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(
            ("Limits:SessionTimeout", "00:02:00"), ("Limits:IdleTimeout", "00:01:00"));
        for (int i = 0; i < 3; i++)
        {
            session.AdvanceAndTick(TimeSpan.FromSeconds(35));
            await session.SendLineAsync("NOOP");
            Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        }

        session.AdvanceAndTick(TimeSpan.FromSeconds(16));
        Assert.Equal("421 4.4.2 mx.test.example Error: session lasted too long", (await session.ReadReplyAsync()).ToString());
        await session.AssertClosedAsync();
    }

    [Fact]
    public async Task ClientThatIgnoresItsTimeout_IsAbortedAfterTheGracePeriod()
    {
        // The client never reads: the 421 cannot be delivered, so the heartbeat cuts the connection.
        await using SessionHarness session = SessionHarness.Start(
            ("Limits:BannerTimeout", "00:00:05"), ("Limits:IdleTimeout", "00:00:05"), ("Limits:MaxCommands", "100000"));
        await session.SendAsync(string.Concat(Enumerable.Repeat("NOOP\r\n", 20_000)));
        session.AdvanceAndTick(TimeSpan.FromSeconds(6));
        Assert.False(session.Connection.WasAborted);
        session.AdvanceAndTick(TimeSpan.FromSeconds(11));
        Assert.True(session.Connection.WasAborted);
    }
}
