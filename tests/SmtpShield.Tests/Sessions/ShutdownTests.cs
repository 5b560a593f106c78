using Microsoft.Extensions.DependencyInjection;
using SmtpShield.Checks;
using SmtpShield.Sessions;
using SmtpShield.Tests.Fakes;

namespace SmtpShield.Tests.Sessions;

/// <summary>On SIGTERM sessions in dialogue hear 421 4.3.2 at once; newcomers hear it instead of a banner.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task OpenSession_Gets421WhenTheServerStops()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendLineAsync("EHLO client.example");
        await session.ReadReplyAsync();
        session.Registry.BeginShutdown();
        Assert.Equal("421 4.3.2 mx.test.example Service shutting down, closing transmission channel", (await session.ReadReplyAsync()).ToString());
        await session.AssertClosedAsync();
        Assert.Equal(SessionEndReason.ShuttingDown, session.Session.Context.EndReason);
        Assert.Equal(0, session.Registry.Count);
    }

    [Fact]
    public async Task SessionStartingDuringShutdown_Gets421InsteadOfABanner()
    {
        var registry = new SessionRegistry();
        registry.BeginShutdown();
        await using SessionHarness session = SessionHarness.Start(registry, client: null);
        Assert.Equal(421, (await session.ReadReplyAsync()).Code);
        await session.AssertClosedAsync();
    }

    [Fact]
    public async Task ShutdownWhileADropIsPending_IsNotLostWhenTheDropIsWithdrawn()
    {
        // The session is busy deciding RCPT (a check still running) when a drop request and then the
        // shutdown arrive; the drop turns out moot (no failed Drop check), and the 421 must still come.
        var slow = new ScriptedCheck("slow");
        await using SessionHarness session = SessionHarness.Start(services => services.AddSingleton<ISessionCheck>(slow), SessionHarness.NoLookups);
        Assert.Equal(220, (await session.ReadReplyAsync()).Code);
        await session.StartTransactionAsync();
        await session.SendLineAsync("RCPT TO:<b@example.org>");
        await session.Clock.WaitForTimersAsync(); // Policy:CheckTimeout: the session waits for the check

        session.Session.Interrupt(SessionEndReason.Dropped);
        session.Registry.BeginShutdown();
        slow.Complete(new CheckResult("slow", CheckOutcome.Fail, 5, "slow and bad"));

        Assert.Equal(554, (await session.ReadReplyAsync()).Code);
        Assert.Equal("421 4.3.2 mx.test.example Service shutting down, closing transmission channel", (await session.ReadReplyAsync()).ToString());
        await session.AssertClosedAsync();
        Assert.Equal(SessionEndReason.ShuttingDown, session.Session.Context.EndReason);
    }
}
