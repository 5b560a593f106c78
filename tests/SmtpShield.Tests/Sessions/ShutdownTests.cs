using SmtpShield.Sessions;

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
}
