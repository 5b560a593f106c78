using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>
/// A block added through the API takes effect at the client's next connection. Loopback can never be
/// blocked, so the real daemon runs in a network namespace of its own whose lo also holds 192.0.2.7
/// (TEST-NET-1, RFC 5737): a client there connects from an address the blocklist may block.
/// </summary>
public sealed class BlockedClientTests
{
    private static readonly IPAddress s_client = IPAddress.Parse("192.0.2.7");

    [Fact]
    public async Task AddressAddedThroughTheApi_IsListedAndGets521AtItsNextConnection()
    {
        using NetworkNamespace ns = NetworkNamespace.Create(s_client);
        using DaemonProcess daemon = await DaemonProcess.StartAsync(ns.Launcher);
        using HttpClient http = AdminHttp.For(ns.CreateHttpClient(), daemon.AdminEndPoint, daemon.TokenFile);
        await using (SmtpTestClient before = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, ns.CreateSocket(AddressFamily.InterNetwork, s_client)))
        {
            Assert.Equal("220 mx.test.example ESMTP", (await before.ReadReplyAsync()).ToString());
        }

        await http.BlockAsync("192.0.2.7", """, "ttl": "1h", "reason": "spam run" """);

        using HttpResponseMessage listed = await http.GetAsync("/api/v1/blocklist?contains=192.0.2.7");
        JsonElement entry = Assert.Single((await listed.JsonAsync()).GetProperty("entries").EnumerateArray());
        Assert.Equal("192.0.2.7", entry.GetProperty("network").GetString());
        Assert.Equal("spam run", entry.GetProperty("reason").GetString());
        Assert.Equal("admin", entry.GetProperty("source").GetString());
        Assert.InRange(entry.GetProperty("remaining_seconds").GetInt64(), 3590, 3600);

        await using SmtpTestClient after = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, ns.CreateSocket(AddressFamily.InterNetwork, s_client));
        Assert.Equal("521 5.7.1 mx.test.example Service unavailable; client [192.0.2.7] blocked: spam run", (await after.ReadReplyAsync()).ToString());
        await after.ExpectClosedAsync();

        // Everyone else still gets the banner.
        await using SmtpTestClient other = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, ns.CreateSocket(AddressFamily.InterNetwork));
        Assert.Equal(220, (await other.ReadReplyAsync()).Code);

        using HttpResponseMessage counted = await http.GetAsync("/api/v1/blocklist/192.0.2.7");
        Assert.Equal(1, (await counted.JsonAsync()).GetProperty("hits").GetInt64());
    }
}
