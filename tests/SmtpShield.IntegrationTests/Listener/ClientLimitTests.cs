using System.Net;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Listener;

/// <summary>
/// Limits:MaxSessionsPerClient and Limits:MaxConnectionsPerClientPerMinute over real TCP from several
/// 127.0.x.y source addresses: the client over a limit gets Postfix anvil's "421 4.7.0" at once and is
/// closed, every other address is served, and an allowlisted address is never limited. Loopback is in
/// the default Policy:Allow, so these tests allow only TEST-NET addresses instead.
/// </summary>
public class ClientLimitTests
{
    [Fact]
    public async Task ConnectionBeyondThePerClientLimit_Gets421WhileOtherAddressesAreServed()
    {
        await using DaemonUnderTest daemon = await StartAsync(("Limits:MaxSessionsPerClient", "2"));
        IPAddress client = ClientAddress(1);

        await using SmtpTestClient first = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client);
        await using SmtpTestClient second = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client);
        await using SmtpTestClient third = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, client);
        string refusal = (await third.ReadReplyAsync()).ToString();
        await third.ExpectClosedAsync();
        await using SmtpTestClient neighbour = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, ClientAddress(2));

        Assert.Equal($"421 4.7.0 mx.test.example Error: too many connections from {client}", refusal);
        Assert.Equal("220 mx.test.example ESMTP", (await neighbour.ReadReplyAsync()).ToString());
        Assert.Equal(250, (await first.CommandAsync("NOOP")).Code);
    }

    [Fact]
    public async Task SessionThatEnded_GivesItsClientTheSlotBack()
    {
        await using DaemonUnderTest daemon = await StartAsync(("Limits:MaxSessionsPerClient", "1"));
        IPAddress client = ClientAddress(3);
        await using (SmtpTestClient first = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client))
        {
            await first.CommandAsync("QUIT");
            await first.ExpectClosedAsync();
        }

        // The daemon releases the slot when its handler returns, a moment after the client saw the close.
        ParsedReply? reply = null;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            await using SmtpTestClient next = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, client);
            reply = await next.ReadReplyAsync();
            if (reply.Code == 220)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal("220 mx.test.example ESMTP", reply?.ToString());
    }

    [Fact]
    public async Task ConnectionsBeyondTheRate_Get421EvenAfterTheEarlierOnesEnded()
    {
        await using DaemonUnderTest daemon = await StartAsync(("Limits:MaxConnectionsPerClientPerMinute", "3"));
        IPAddress client = ClientAddress(4);
        for (int i = 0; i < 3; i++)
        {
            await using SmtpTestClient admitted = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client);
            await admitted.CommandAsync("QUIT");
        }

        await using SmtpTestClient fourth = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, client);
        string refusal = (await fourth.ReadReplyAsync()).ToString();
        await fourth.ExpectClosedAsync();
        await using SmtpTestClient neighbour = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, ClientAddress(5));

        Assert.Equal($"421 4.7.0 mx.test.example Error: too much connection rate from {client}", refusal);
        Assert.Equal(220, (await neighbour.ReadReplyAsync()).Code);
    }

    [Fact]
    public async Task AllowlistedAddress_IsNeverLimited()
    {
        IPAddress client = ClientAddress(6);
        await using DaemonUnderTest daemon = await StartAsync(
            ("Limits:MaxSessionsPerClient", "1"), ("Limits:MaxConnectionsPerClientPerMinute", "1"), ("Policy:Allow:2", client.ToString()));

        var held = new List<SmtpTestClient>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                held.Add(await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, client));
            }

            ParsedReply[] banners = await Task.WhenAll(held.Select(c => c.ReadReplyAsync()));

            Assert.All(banners, banner => Assert.Equal("220 mx.test.example ESMTP", banner.ToString()));
        }
        finally
        {
            foreach (SmtpTestClient c in held)
            {
                await c.DisposeAsync();
            }
        }
    }

    private static Task<DaemonUnderTest> StartAsync(params (string Key, string? Value)[] overrides) =>
        DaemonUnderTest.StartAsync([.. DaemonUnderTest.LoopbackNotAllowed, .. overrides]);

    /// <summary>A client address of this test run's own: 127.0.x.n with a random x, so runs side by side never share one.</summary>
    private static IPAddress ClientAddress(int n) => new([127, 0, (byte)Random.Shared.Next(10, 200), (byte)n]);
}
