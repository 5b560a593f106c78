using System.Text;
using SmtpShield.Sessions;
using SmtpShield.Tests.Sessions;

namespace SmtpShield.Tests.Tarpit;

/// <summary>
/// Tarpit:StutterRejects, measured on a manual clock: a rejected client gets its 5xx one byte per
/// Tarpit:StutterInterval, the whole within Tarpit:MaxStutter; an interrupt sends the rest at once; a
/// full tarpit answers at once and closes.
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
    public async Task LongReply_GetsAShorterIntervalToFitMaxStutter()
    {
        // 70 bytes in 7 s: a byte every 7 s / 69 ≈ 101 ms instead of the configured second.
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:StutterInterval", "00:00:01"), ("Tarpit:MaxStutter", "00:00:07"));
        TimeSpan interval = TimeSpan.FromSeconds(7) / (Rejection.Length - 1);
        await session.SendLineAsync("RCPT TO:<b@example.org>");
        var received = new StringBuilder(await session.ReadAvailableAsync());

        session.Clock.Advance(interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(string.Empty, await session.ReadAvailableWithinAsync(TimeSpan.FromMilliseconds(100)));
        session.Clock.Advance(TimeSpan.FromMilliseconds(1));
        received.Append(await session.ReadAvailableAsync());
        for (int i = 2; i < Rejection.Length; i++)
        {
            session.Clock.Advance(interval);
            received.Append(await session.ReadAvailableAsync());
        }

        Assert.Equal(Rejection, received.ToString());
    }

    [Fact]
    public async Task Shutdown_SendsTheRestAtOnceThenThe421()
    {
        await using SessionHarness session = await StartDeniedAsync(("Tarpit:StutterInterval", "00:00:01"));
        await session.SendLineAsync("RCPT TO:<b@example.org>");
        string received = await session.ReadAvailableAsync();
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
