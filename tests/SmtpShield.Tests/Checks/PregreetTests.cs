using Microsoft.Extensions.DependencyInjection;
using SmtpShield.Checks;
using SmtpShield.Sessions;
using SmtpShield.Tests.Fakes;
using SmtpShield.Tests.Sessions;
using SmtpShield.Verdicts;

namespace SmtpShield.Tests.Checks;

/// <summary>
/// The "Pregreet" section on a manual clock: the banner waits Pregreet:Wait; a client that talks first
/// fails (rejected at RCPT TO, or dropped); the teaser's "220-" line goes out at once; an allowlisted
/// client never waits.
/// </summary>
public sealed class PregreetTests
{
    private const string Banner = "220 mx.test.example ESMTP\r\n";


    [Fact]
    public async Task SilentClient_GetsTheBannerAfterTheWait_AndPasses()
    {
        await using SessionHarness session = SessionHarness.Start([.. SessionHarness.NoLookups, ("Pregreet:Wait", "00:00:05")]);
        await session.Clock.WaitForTimersAsync();
        Assert.Equal(string.Empty, await session.ReadAvailableWithinAsync(TimeSpan.FromMilliseconds(200)));

        session.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(Banner, await session.ReadAvailableAsync());
        await session.StartTransactionAsync();
        await session.SendLineAsync("RCPT TO:<b@example.org>");
        Assert.Equal(451, (await session.ReadReplyAsync()).Code); // relayed: the test's backend is unreachable
    }

    [Fact]
    public async Task EarlyTalker_IsRejectedAtRcptWithTheReason()
    {
        await using SessionHarness session = SessionHarness.Start([.. SessionHarness.NoLookups, ("Pregreet:Wait", "00:00:05")]);
        await session.Clock.WaitForTimersAsync();

        await session.SendLineAsync("HELO client.example");

        Assert.Equal(Banner.TrimEnd(), (await session.ReadReplyAsync()).ToString());
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        await session.SendLineAsync("MAIL FROM:<a@client.example>");
        await session.ReadReplyAsync();
        await session.SendLineAsync("RCPT TO:<b@example.org>");
        Assert.Equal("554 5.7.1 Service unavailable; client [192.0.2.10] talked before the greeting", (await session.ReadReplyAsync()).ToString());
    }

    [Fact]
    public async Task Teaser_GoesOutAtOnce_AndAClientAnsweringItFails()
    {
        await using SessionHarness session = SessionHarness.Start([.. SessionHarness.NoLookups, ("Pregreet:Wait", "00:00:05"), ("Pregreet:Teaser", "true"), ("Pregreet:Action", "Drop")]);

        Assert.Equal("220-mx.test.example ESMTP\r\n", await session.ReadAvailableAsync());
        await session.SendLineAsync("EHLO client.example");

        Assert.Equal(Banner.TrimEnd(), (await session.ReadReplyAsync()).ToString());
        Assert.Equal("521 5.7.1 mx.test.example Service unavailable; client [192.0.2.10] talked before the greeting", (await session.ReadReplyAsync()).ToString());
        await session.AssertClosedAsync();
    }

    [Fact]
    public async Task Teaser_ThenTheFinalLineAfterTheWait()
    {
        await using SessionHarness session = SessionHarness.Start([.. SessionHarness.NoLookups, ("Pregreet:Wait", "00:00:05"), ("Pregreet:Teaser", "true")]);
        Assert.Equal("220-mx.test.example ESMTP\r\n", await session.ReadAvailableAsync());
        await session.Clock.WaitForTimersAsync();

        session.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(Banner, await session.ReadAvailableAsync());
    }

    [Fact]
    public async Task DropOutrankedByAnAllowlisting_EndsTheWait_AndTheClientIsGreeted()
    {
        var allowlist = new ScriptedCheck("dnswl");
        var dropper = new ScriptedCheck("dropper");
        await using SessionHarness session = SessionHarness.Start(
            services => services.AddSingleton<ISessionCheck>(allowlist).AddSingleton<ISessionCheck>(dropper),
            [.. SessionHarness.NoLookups, ("Pregreet:Wait", "00:00:05")]);
        await session.Clock.WaitForTimersAsync();

        allowlist.Complete(new CheckResult("dnswl", CheckOutcome.Allowlisted, -5, "allowlisted by wl.test"));
        dropper.Complete(new CheckResult("dropper", CheckOutcome.Fail, 5, "listed", CheckAction.Drop));

        // No clock advance: the drop's interrupt ended the wait, and the allowlisting outranks it.
        Assert.Equal(Banner, await session.ReadAvailableAsync());
        await session.SendLineAsync("EHLO client.example");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        Assert.Equal(SessionEndReason.None, session.Session.Context.EndReason);
    }

    [Fact]
    public async Task ShutdownDuringTheWait_CompletesTheTeasedBannerBeforeThe421()
    {
        await using SessionHarness session = SessionHarness.Start([.. SessionHarness.NoLookups, ("Pregreet:Wait", "00:00:05"), ("Pregreet:Teaser", "true")]);
        Assert.Equal("220-mx.test.example ESMTP\r\n", await session.ReadAvailableAsync());
        await session.Clock.WaitForTimersAsync();

        session.Session.Interrupt(SmtpShield.Sessions.SessionEndReason.ShuttingDown);

        Assert.Equal(Banner.TrimEnd(), (await session.ReadReplyAsync()).Lines[0] is { } line ? $"220 {line}" : null);
        Assert.Equal(421, (await session.ReadReplyAsync()).Code);
    }

    [Fact]
    public async Task AllowlistedClient_NeverWaits()
    {
        await using SessionHarness session = SessionHarness.Start(
            [.. SessionHarness.NoLookups, ("Pregreet:Wait", "00:00:30"), ("Policy:Allow:0", "192.0.2.10"), ("Relay:FastPath", "false")]);

        Assert.Equal(Banner, await session.ReadAvailableAsync());
    }
}
