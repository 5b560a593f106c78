using SmtpShield.Sessions;
using SmtpShield.Tests.Sessions;

namespace SmtpShield.Tests.Tarpit;

/// <summary>
/// Tarpit:ErrorDelayAfter/ErrorDelay/MaxErrorDelay on a manual clock: the first errors are answered at
/// once, each one after that waits a step longer (up to the cap), and Limits:MaxErrors still ends the
/// session with 421 at once.
/// </summary>
public sealed class ErrorEscalationTests
{
    private const string Unrecognized = "500 5.5.2 Error: command not recognized";


    [Fact]
    public async Task ErrorsPastTheAllowance_WaitLongerEachTime_ThenTheLimitCloses()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync([
            .. SessionHarness.NoLookups,
            ("Tarpit:ErrorDelayAfter", "2"), ("Tarpit:ErrorDelay", "00:00:01"), ("Tarpit:MaxErrorDelay", "00:00:10"),
            ("Limits:MaxErrors", "5"), ("Protocol:UnknownCommandLimit", "0")]);
        for (int i = 0; i < 2; i++)
        {
            await session.SendLineAsync("FOO");
            Assert.Equal(Unrecognized, (await session.ReadReplyAsync()).ToString());
        }

        // Third error: one second.
        await session.SendLineAsync("FOO");
        await session.Clock.WaitForTimersAsync();
        Assert.Equal(string.Empty, await session.ReadAvailableWithinAsync(TimeSpan.FromMilliseconds(200)));
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Unrecognized, (await session.ReadReplyAsync()).ToString());

        // Fourth: two seconds; one is not enough.
        await session.SendLineAsync("FOO");
        await session.Clock.WaitForTimersAsync();
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(string.Empty, await session.ReadAvailableWithinAsync(TimeSpan.FromMilliseconds(200)));
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Unrecognized, (await session.ReadReplyAsync()).ToString());

        // Fifth reaches Limits:MaxErrors: the error and the 421 at once, no wait.
        await session.SendLineAsync("FOO");
        Assert.Equal(Unrecognized, (await session.ReadReplyAsync()).ToString());
        Assert.Equal(421, (await session.ReadReplyAsync()).Code);
        await session.AssertClosedAsync();
        Assert.Equal(SessionEndReason.TooManyErrors, session.Session.Context.EndReason);
    }

    [Fact]
    public async Task Delay_IsCappedAtMaxErrorDelay()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync([
            .. SessionHarness.NoLookups,
            ("Tarpit:ErrorDelayAfter", "1"), ("Tarpit:ErrorDelay", "00:00:05"), ("Tarpit:MaxErrorDelay", "00:00:07"),
            ("Limits:MaxErrors", "10"), ("Protocol:UnknownCommandLimit", "0")]);
        await session.SendLineAsync("FOO");
        Assert.Equal(Unrecognized, (await session.ReadReplyAsync()).ToString());
        await session.SendLineAsync("FOO");
        await session.Clock.WaitForTimersAsync();
        session.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(Unrecognized, (await session.ReadReplyAsync()).ToString());

        // Third error: 2 × 5 s = 10 s, capped at 7.
        await session.SendLineAsync("FOO");
        await session.Clock.WaitForTimersAsync();
        session.Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(Unrecognized, (await session.ReadReplyAsync()).ToString());
    }

    [Fact]
    public async Task Interrupt_EndsTheWaitWithThe421()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync([
            .. SessionHarness.NoLookups,
            ("Tarpit:ErrorDelayAfter", "1"), ("Tarpit:ErrorDelay", "00:01:00"), ("Tarpit:MaxErrorDelay", "00:01:00"), ("Protocol:UnknownCommandLimit", "0")]);
        await session.SendLineAsync("FOO");
        await session.ReadReplyAsync();
        await session.SendLineAsync("FOO");
        await session.Clock.WaitForTimersAsync();

        session.Session.Interrupt(SessionEndReason.ShuttingDown);

        Assert.Equal(Unrecognized, (await session.ReadReplyAsync()).ToString());
        Assert.Equal(421, (await session.ReadReplyAsync()).Code);
        await session.AssertClosedAsync();
    }
}
