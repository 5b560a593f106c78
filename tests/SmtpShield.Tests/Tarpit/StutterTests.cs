using System.Text;
using SmtpShield.Sessions;
using SmtpShield.Tests.Sessions;

namespace SmtpShield.Tests.Tarpit;

/// <summary>
/// Tarpit:StutterRejects, measured on a manual clock: a rejected client gets its 5xx one byte per
/// Tarpit:StutterInterval, the rest at once after Tarpit:MaxStutter or an interrupt; pipelined commands
/// wait for it; a full tarpit answers at once and closes.
/// </summary>
public sealed class StutterTests
{
    private const string Rejection = "554 5.7.1 Service unavailable; client [192.0.2.10] on the deny list\r\n";

    [Fact]
    public async Task Rejection_IsWrittenOneBytePerInterval()
    {
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:StutterInterval", "00:00:01"), ("Tarpit:MaxStutter", "00:04:00"));
        await session.SendLineAsync("RCPT TO:<b@example.org>");

        var received = new StringBuilder(await session.ReadAvailableAsync());
        Assert.Equal("5", received.ToString());
        Assert.Equal(string.Empty, await session.ReadAvailableWithinAsync(TimeSpan.FromMilliseconds(200)));
        await session.Clock.WaitForTimersAsync(); // the reply has joined the stutter wheel
        session.Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(string.Empty, await session.ReadAvailableWithinAsync(TimeSpan.FromMilliseconds(100)));
        session.Clock.Advance(TimeSpan.FromMilliseconds(1));
        for (int second = 1; second < Rejection.Length; second++)
        {
            if (second > 1)
            {
                session.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            string next = await session.ReadAvailableAsync();
            Assert.Equal(Rejection[second].ToString(), next);
            received.Append(next);
        }

        Assert.Equal(Rejection, received.ToString());
        Assert.Equal(SessionEndReason.None, session.Session.Context.EndReason);
        await session.SendLineAsync("QUIT");
        Assert.Equal(221, (await session.ReadReplyAsync()).Code);
    }

    [Fact]
    public async Task AtMaxStutter_TheRestGoesAtOnce()
    {
        // spamd's -S: one byte a second for 5 s (six bytes, at 0 to 5 s), then everything else.
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:StutterInterval", "00:00:01"), ("Tarpit:MaxStutter", "00:00:05"));
        await session.SendLineAsync("RCPT TO:<b@example.org>");
        string received = await session.ReadAvailableAsync();
        for (int second = 1; second < 5; second++)
        {
            await session.Clock.WaitForTimersAsync(); // the reply has joined the stutter wheel
            session.Clock.Advance(TimeSpan.FromSeconds(1));
            received += await session.ReadAvailableAsync();
        }

        Assert.Equal(Rejection[..5], received);
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        while (received.Length < Rejection.Length)
        {
            received += await session.ReadAvailableAsync();
        }

        Assert.Equal(Rejection, received);
    }

    [Fact]
    public async Task CommandsPipelinedAfterTheRejectedRcpt_AreAnsweredAfterIt()
    {
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:StutterInterval", "00:00:01"), ("Tarpit:MaxStutter", "00:00:01"));
        await session.SendAsync("RCPT TO:<b@example.org>\r\nNOOP\r\n");
        string received = await session.ReadAvailableAsync();
        Assert.Equal("5", received);

        await session.Clock.WaitForTimersAsync(); // the reply has joined the stutter wheel
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        while (!received.EndsWith("250 2.0.0 Ok\r\n", StringComparison.Ordinal))
        {
            received += await session.ReadAvailableAsync();
        }

        Assert.Equal(Rejection + "250 2.0.0 Ok\r\n", received);
    }

    [Fact]
    public async Task QuitAfterTheRejectedRcpt_IsAnsweredEvenWhenTheClientHalfClosed()
    {
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:StutterInterval", "00:00:01"), ("Tarpit:MaxStutter", "00:00:01"));
        await session.SendAsync("RCPT TO:<b@example.org>\r\nQUIT\r\n");
        await session.Connection.ClientOutput.CompleteAsync();
        string received = await session.ReadAvailableAsync();

        await session.Clock.WaitForTimersAsync(); // the reply has joined the stutter wheel
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        while (!received.EndsWith("221 2.0.0 Bye\r\n", StringComparison.Ordinal))
        {
            string more = await session.ReadAvailableAsync();
            Assert.NotEqual(string.Empty, more);
            received += more;
        }

        Assert.Equal(Rejection + "221 2.0.0 Bye\r\n", received);
    }

    [Fact]
    public async Task TarpitPlace_IsGivenBackOnceTheReplyIsOut()
    {
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:StutterInterval", "00:00:01"), ("Tarpit:MaxStutter", "00:00:01"), ("Tarpit:MaxTarpitted", "1"));
        await session.SendLineAsync("RCPT TO:<b@example.org>");
        string received = await session.ReadAvailableAsync();
        Assert.Equal(1, session.Session.Context.Pacer.Tarpitted);

        await session.Clock.WaitForTimersAsync(); // the reply has joined the stutter wheel
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        while (received.Length < Rejection.Length)
        {
            received += await session.ReadAvailableAsync();
        }

        // The second RCPT stutters again, which it could not if the first had kept the only place.
        await session.SendLineAsync("RCPT TO:<c@example.org>");
        Assert.Equal("5", await session.ReadAvailableAsync());
        Assert.Equal(SessionEndReason.None, session.Session.Context.EndReason);
        await session.Clock.WaitForTimersAsync(); // the reply has joined the stutter wheel
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.EndsWith("\r\n", await session.ReadAvailableAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_SendsTheRestAtOnceThenThe421()
    {
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:StutterInterval", "00:00:01"));
        await session.SendLineAsync("RCPT TO:<b@example.org>");
        string received = await session.ReadAvailableAsync();
        await session.Clock.WaitForTimersAsync(); // the reply has joined the stutter wheel
        session.Clock.Advance(TimeSpan.FromSeconds(1));
        received += await session.ReadAvailableAsync();

        session.Session.Interrupt(SessionEndReason.ShuttingDown);
        const string Goodbye = "421 4.3.2 mx.test.example Service shutting down, closing transmission channel\r\n";
        while (received.Length < Rejection.Length + Goodbye.Length)
        {
            string more = await session.ReadAvailableAsync();
            Assert.NotEqual(string.Empty, more);
            received += more;
        }

        Assert.Equal(Rejection + Goodbye, received);
        await session.AssertClosedAsync();
    }

    [Fact]
    public async Task FullTarpit_AnswersAtOnceAndCloses()
    {
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:MaxTarpitted", "0"));
        await session.SendLineAsync("RCPT TO:<b@example.org>");

        Assert.Equal(Rejection, await session.ReadAvailableAsync());
        await session.AssertClosedAsync();
        Assert.Equal(SessionEndReason.TarpitFull, session.Session.Context.EndReason);
    }

    [Fact]
    public async Task StutterOff_AnswersAtOnceAndKeepsTheSession()
    {
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:StutterRejects", "false"));
        await session.SendLineAsync("RCPT TO:<b@example.org>");

        Assert.Equal(Rejection, await session.ReadAvailableAsync());
        await session.SendLineAsync("NOOP");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
    }

    private static async Task<SessionHarness> StartDeniedAsync(params (string Key, string? Value)[] overrides)
    {
        SessionHarness session = await SessionHarness.StartGreetedAsync(
            [("Policy:Deny:0", "192.0.2.10"), ("Tarpit:StutterRejects", "true"), .. overrides]);
        await session.StartTransactionAsync();
        return session;
    }
}
