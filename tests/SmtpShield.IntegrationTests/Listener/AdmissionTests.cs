using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Listener;

/// <summary>
/// Limits:MaxSessions: a connection beyond it gets "421 4.7.0" at once instead of a banner and is closed;
/// a slot freed by a departing session admits the next client.
/// </summary>
public class AdmissionTests
{
    [Fact]
    public async Task ConnectionBeyondMaxSessions_GetsTooManyConnectionsAtOnce()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:MaxSessions", "1"));
        await using SmtpTestClient first = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);

        var clock = Stopwatch.StartNew();
        await using SmtpTestClient second = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint);
        string refusal = (await second.ReadReplyAsync()).ToString();
        await second.ExpectClosedAsync();

        Assert.Equal("421 4.7.0 mx.test.example Error: too many connections", refusal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(250, (await first.CommandAsync("NOOP")).Code);
    }

    [Fact]
    public async Task SlotFreedByQuit_AdmitsTheNextClient()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:MaxSessions", "1"));
        await using (SmtpTestClient first = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint))
        {
            await first.CommandAsync("QUIT");
            await first.ExpectClosedAsync();
        }

        await using SmtpTestClient next = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint);
        Assert.Equal("220 mx.test.example ESMTP", (await next.ReadReplyAsync()).ToString());
    }

    [Fact]
    public async Task BurstOfConnections_NeverGetsMoreBannersThanMaxSessions()
    {
        // Admission counts the registered sessions, and a session registers itself only once it has been
        // built: a check-then-act window. Against a fresh process, 4 of 40 simultaneous connections got a
        // banner in about one burst in three. Here a clock that is slow to read (the session reads it while
        // being built) widens the window, and enough pool threads let the connections' handlers run side by
        // side (a sleeping handler would otherwise hold one of the few), so the race shows every time.
        const int MaxSessions = 3;
        const int Burst = 20;
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            services => services.AddSingleton<TimeProvider>(new SlowClock(TimeSpan.FromMilliseconds(10))),
            ("Limits:MaxSessions", MaxSessions.ToString(CultureInfo.InvariantCulture)));
        using var threads = new ThreadPoolFloor(Burst * 2);

        SmtpTestClient[] clients = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint)));
        try
        {
            ParsedReply[] first = await Task.WhenAll(clients.Select(client => client.ReadReplyAsync()));

            int banners = first.Count(reply => reply.Code == 220);
            Assert.True(first.All(reply => reply.Code is 220 or 421), string.Join("\n", first.Select(reply => reply.ToString())));
            Assert.True(banners is >= 1 and <= MaxSessions,
                $"{banners} of {Burst} simultaneous connections got a banner; Limits:MaxSessions is {MaxSessions}.");
        }
        finally
        {
            foreach (SmtpTestClient client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
