using System.Diagnostics;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Sessions;

/// <summary>
/// The "Limits" section at work on real connections: a client that never speaks is cut loose after
/// Limits:BannerTimeout with 421 4.4.2; one that keeps erring is closed at Limits:MaxErrors with 421 4.7.0.
/// The session heartbeat ticks once a second, so a 1 s timeout fires within about 2 s.
/// </summary>
public class SessionLimitTests
{
    [Fact]
    public async Task SilentClient_GetsTimeoutReplyAndCloseAfterTheBannerTimeout()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:BannerTimeout", "00:00:01"));
        var clock = Stopwatch.StartNew();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);

        string timeout = (await client.ReadReplyAsync()).ToString();
        await client.ExpectClosedAsync();

        Assert.Equal("421 4.4.2 mx.test.example Error: timeout exceeded", timeout);
        // 1 s plus at most one heartbeat tick; the margin is for two busy cores (3.8 s seen with a build running beside).
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ClientThatSpeaks_IsNotCutByTheBannerTimeout()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:BannerTimeout", "00:00:01"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);

        // Each command within the banner timeout; together they last longer. IdleTimeout (5 min) now applies.
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(250, (await client.CommandAsync("NOOP")).Code);
            await Task.Delay(TimeSpan.FromMilliseconds(600));
        }

        Assert.Equal(250, (await client.CommandAsync("NOOP")).Code);
    }

    [Fact]
    public async Task ErrorAtMaxErrors_GetsItsReplyThenTooManyErrorsAndClose()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:MaxErrors", "3"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        foreach (string error in new[] { "BOGUS", "VRFY b@example.org", "RCPT TO:<b@example.org>" })
        {
            await client.CommandAsync(error);
        }

        await client.ReadReplyAsync();
        await client.ExpectClosedAsync();

        Assert.Equal(
            """
            C: BOGUS
            S: 500 5.5.2 Error: command not recognized
            C: VRFY b@example.org
            S: 502 5.5.1 VRFY command is disabled
            C: RCPT TO:<b@example.org>
            S: 503 5.5.1 Error: need MAIL command
            S: 421 4.7.0 mx.test.example Error: too many errors
            """,
            client.Transcript.Take());
    }

    [Fact]
    public async Task ClientSilentAfterACommand_GetsTimeoutReplyAfterTheIdleTimeout()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:IdleTimeout", "00:00:01"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");
        var clock = Stopwatch.StartNew();

        string timeout = (await client.ReadReplyAsync()).ToString();
        await client.ExpectClosedAsync();

        Assert.Equal("421 4.4.2 mx.test.example Error: timeout exceeded", timeout);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ClientDribblingALineThatNeverEnds_IsCutAtTheIdleTimeout()
    {
        // RFC 5321 §4.5.3.2.7 times the wait for a command: octets of an unfinished line do not restart it.
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:IdleTimeout", "00:00:01"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        Task dribbling = DribbleAsync(client, stop.Token);

        string timeout = (await client.ReadReplyAsync()).ToString();
        await stop.CancelAsync();
        await dribbling;

        Assert.Equal("421 4.4.2 mx.test.example Error: timeout exceeded", timeout);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ClientThatKeepsTalking_IsCutAtTheSessionTimeout()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:SessionTimeout", "00:00:01"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        var clock = Stopwatch.StartNew();

        ParsedReply reply;
        do
        {
            reply = await client.CommandAsync("NOOP");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        while (reply.Code == 250 && clock.Elapsed < TimeSpan.FromSeconds(5));

        await client.ExpectClosedAsync();
        Assert.Equal("421 4.4.2 mx.test.example Error: session lasted too long", reply.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task CommandBeyondMaxCommands_GetsTooManyCommandsInsteadOfItsReply()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:MaxCommands", "3"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        string transcript = await client.ConverseAsync("HELO client.example", "NOOP", "RSET", "NOOP");
        await client.ExpectClosedAsync();

        Assert.Equal(
            """
            C: HELO client.example
            S: 250 mx.test.example
            C: NOOP
            S: 250 2.0.0 Ok
            C: RSET
            S: 250 2.0.0 Ok
            C: NOOP
            S: 421 4.7.0 mx.test.example Error: too many commands
            """,
            transcript);
    }

    private static async Task DribbleAsync(SmtpTestClient client, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await client.SendAsync("x");
                await Task.Delay(TimeSpan.FromMilliseconds(200), stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped, or the server has closed the connection: either way the dribble is over.
        }
    }
}
