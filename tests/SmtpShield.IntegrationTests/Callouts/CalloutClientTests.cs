using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SmtpShield.Callouts;
using SmtpShield.Hosting;
using SmtpShield.IntegrationTests.Blocklist;
using SmtpShield.IntegrationTests.Checks;

namespace SmtpShield.IntegrationTests.Callouts;

/// <summary>
/// Sender-verification callouts against real Postfix instances as the senders' mail servers, found through
/// dnsmasq's MX and A records (<see cref="CalloutWorld"/>): alice@backend.test exists, bob does not, carol
/// is greylisted (450), and a second Postfix refuses MAIL FROM:&lt;&gt;.
/// </summary>
public sealed class CalloutClientTests(CalloutWorld world) : IClassFixture<CalloutWorld>
{
    [Fact]
    public async Task ExistingSender_IsAccepted()
    {
        CalloutResult result = await VerifyAsync("alice@backend.test");

        Assert.Equal((CalloutOutcome.Accepted, "mx.backend.test"), (result.Outcome, result.Host));
        Assert.Contains("RCPT TO:<alice@backend.test>: 250", result.Detail, StringComparison.Ordinal);
        // Callouts:ProbeRandom: a random local part was asked too, and refused, so this is no catch-all domain.
        Assert.False(result.AcceptsAnyRecipient);
        Assert.True(await KernelTestNetwork.EventuallyAsync(
            () => Task.FromResult(world.Postfix.LogLines.Any(line => line.Contains("550 5.1.1 <smtpshield-probe-", StringComparison.Ordinal)))));
    }

    [Fact]
    public async Task UnknownSender_IsRejectedWithTheCalleesReply()
    {
        CalloutResult result = await VerifyAsync("bob@backend.test");

        Assert.Equal(CalloutOutcome.Rejected, result.Outcome);
        Assert.Contains("550 5.1.1", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GreylistedProbe_IsUnknown_NeverRejected()
    {
        CalloutResult result = await VerifyAsync("carol@backend.test");

        Assert.Equal(CalloutOutcome.Unknown, result.Outcome);
        Assert.Contains("450 4.7.1", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyRefusalOfTheProbe_IsUnknown_NotAMissingMailbox()
    {
        // 5.7.x is about us (our IP on the callee's DNSBL, say), not about the sender's mailbox.
        CalloutResult result = await VerifyAsync("erin@backend.test");

        Assert.Equal(CalloutOutcome.Unknown, result.Outcome);
        Assert.Contains("550 5.7.1", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalleeRefusingTheNullSender_IsUnknown_AndSaysSo()
    {
        CalloutResult result = await VerifyAsync("alice@nobounce.test", new CalloutOptions { Port = world.NoBounce.EndPoint.Port });

        Assert.Equal((CalloutOutcome.Unknown, true), (result.Outcome, result.RefusesNullSender));
        Assert.Contains("refused MAIL FROM:<>", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableFirstMx_TheNextIsAsked()
    {
        // mx1 (preference 10) is 127.0.0.9, where nothing listens; mx2 (20) is the Postfix.
        CalloutResult result = await VerifyAsync("alice@twomx.test");

        Assert.Equal((CalloutOutcome.Accepted, "mx2.twomx.test"), (result.Outcome, result.Host));
    }

    [Fact]
    public async Task DomainWithoutMx_IsAskedAtItsOwnAddress()
    {
        CalloutResult result = await VerifyAsync("alice@implicit.test");

        Assert.Equal((CalloutOutcome.Accepted, "implicit.test"), (result.Outcome, result.Host));
    }

    [Theory]
    [InlineData("someone@nxdomain.test", "does not exist")]
    [InlineData("someone@nullmx.test", "accepts no mail (null MX)")]
    [InlineData("someone@nothing.test", "has no MX and no address")]
    public async Task DomainThatTakesNoMail_IsRejectedWithoutConnecting(string address, string reason)
    {
        CalloutResult result = await VerifyAsync(address);

        Assert.Equal(CalloutOutcome.Rejected, result.Outcome);
        Assert.Contains(reason, result.Detail, StringComparison.Ordinal);
        Assert.Null(result.Host);
    }

    [Fact]
    public async Task ServerThatNeverGreets_TimesOutAsUnknown()
    {
        // The kernel completes the handshake for a listening socket nobody accepts on: a banner that never comes.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(world.Postfix.EndPoint.Address, 0)); // where mx.backend.test points
        silent.Listen();
        var options = new CalloutOptions { Port = ((IPEndPoint)silent.LocalEndPoint!).Port, ReplyTimeout = TimeSpan.FromSeconds(1) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        CalloutResult result = await VerifyAsync("alice@backend.test", options);

        Assert.Equal(CalloutOutcome.Unknown, result.Outcome);
        Assert.Contains("no reply greeting within 1 s", result.Detail, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task DeadlineEndsACalloutThatWouldTakeLonger()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(world.Postfix.EndPoint.Address, 0)); // where mx.backend.test points
        silent.Listen();
        var options = new CalloutOptions
        {
            Port = ((IPEndPoint)silent.LocalEndPoint!).Port,
            ReplyTimeout = TimeSpan.FromSeconds(20),
            Deadline = TimeSpan.FromSeconds(1),
        };

        CalloutResult result = await VerifyAsync("alice@backend.test", options);

        Assert.Equal(CalloutOutcome.Unknown, result.Outcome);
        Assert.Contains("callout deadline of 1 s", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostThatKeepsTimingOut_IsSkippedOnceItsCircuitOpens()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(world.Postfix.EndPoint.Address, 0));
        silent.Listen();
        CalloutClient client = Client(new CalloutOptions
        {
            Port = ((IPEndPoint)silent.LocalEndPoint!).Port,
            ReplyTimeout = TimeSpan.FromMilliseconds(300),
            BreakAfterFailures = 2,
        });

        CalloutResult first = await client.VerifyAsync("alice@backend.test", null, CancellationToken.None);
        CalloutResult second = await client.VerifyAsync("alice@backend.test", null, CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CalloutResult third = await client.VerifyAsync("alice@backend.test", null, CancellationToken.None);

        Assert.All([first, second], r => Assert.Contains("no reply greeting", r.Detail, StringComparison.Ordinal));
        Assert.Equal(CalloutOutcome.Unknown, third.Outcome);
        Assert.Contains("mx.backend.test: skipped, it failed 2 callouts in a row (circuit open)", third.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(250), $"an open circuit answers at once, not after {clock.Elapsed}");
    }

    [Fact]
    public async Task OwnListener_IsNeverCalled()
    {
        int port = world.Postfix.EndPoint.Port;

        CalloutResult result = await VerifyAsync("alice@backend.test", refuses: endpoint => endpoint.Port == port ? "is this server's own listener" : null);

        Assert.Equal(CalloutOutcome.Unknown, result.Outcome);
        Assert.Contains("this server's own listener; not called", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("@backend.test")]
    [InlineData("ünicode@backend.test")]
    [InlineData("user@[127.0.0.1]")] // an address literal has no MX to ask
    public async Task AddressACalloutCannotAskAbout_IsUnknown(string address)
    {
        CalloutResult result = await VerifyAsync(address);

        Assert.Equal(CalloutOutcome.Unknown, result.Outcome);
    }

    private Task<CalloutResult> VerifyAsync(string address, CalloutOptions? options = null, Func<IPEndPoint, string?>? refuses = null)
    {
        options ??= new CalloutOptions { Port = world.Postfix.EndPoint.Port };
        return Client(options).VerifyAsync(address, refuses, CancellationToken.None);
    }

    private CalloutClient Client(CalloutOptions options) => new(
        TestChecks.Resolver(world.Dns.Server), Options.Create(options), Options.Create(new ServerOptions { Hostname = "mx.test.example" }), TimeProvider.System);
}
