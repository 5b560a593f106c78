using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using SmtpShield.Listener;

namespace SmtpShield.IntegrationTests.Listener;

/// <summary>Every entry of "Listeners" is bound and serves the same SMTP dialogue.</summary>
public class ListenerTests
{
    [Fact]
    public async Task EveryConfiguredListener_ServesSmtp()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Listeners:1:Endpoint", "127.0.0.1:0"));

        Assert.Equal(2, daemon.SmtpEndPoints.Count);
        Assert.NotEqual(daemon.SmtpEndPoints[0].Port, daemon.SmtpEndPoints[1].Port);
        foreach (System.Net.IPEndPoint endpoint in daemon.SmtpEndPoints)
        {
            await using SmtpTestClient client = await SmtpTestClient.ConnectAsync(endpoint);
            Assert.Equal("220 mx.test.example ESMTP", (await client.ReadReplyAsync()).ToString());
            Assert.Equal("221 2.0.0 Bye", (await client.CommandAsync("QUIT")).ToString());
        }
    }

    [Fact]
    public async Task SocketBuffers_ComeFromOneBoundedPool_NotKestrelsKeepEverythingPool()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();

        // Kestrel's own pool keeps every block a connect burst borrowed (BoundedBlockPool's remarks).
        var factory = daemon.Services.GetRequiredService<IMemoryPoolFactory<byte>>();
        var pool = Assert.IsType<BoundedBlockPool>(factory.Create());
        Assert.Same(pool, factory.Create());
        Assert.Equal(BoundedBlockPoolFactory.BlocksKept, pool.Capacity);
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        Assert.Equal(250, (await client.CommandAsync("EHLO client.example")).Code);
        Assert.InRange(pool.FreeCount, 1, pool.Capacity); // the session's buffers went back to it
    }
}
