using System.Net;
using System.Net.Sockets;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>
/// The Postfix fixture itself, spoken to directly (no SmtpShield in between): the XCLIENT and PROXY
/// listeners take the client identity, the identity decides relaying (the open-relay trap is real for a
/// plain loopback session), alice's mail is stored and read back whole, and Kill() breaks open sessions.
/// </summary>
public sealed class PostfixBackendTests
{
    private const string Xclient = "XCLIENT NAME=[UNAVAILABLE] ADDR=203.0.113.5 PORT=40000 HELO=mx.client.example PROTO=ESMTP";
    private const string ProxyV1 = "PROXY TCP4 203.0.113.7 192.0.2.25 40001 25\r\n";
    private static readonly TimeSpan s_delivery = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task XclientInstance_AdvertisesXclientToLoopback()
    {
        await using PostfixBackend backend = await PostfixBackend.StartXclientAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(backend.EndPoint);

        ParsedReply ehlo = await client.ExpectAsync(250, "EHLO proxy.test");

        Assert.Contains(ehlo.Lines, line => line.StartsWith("XCLIENT ", StringComparison.Ordinal) && line.Contains(" ADDR ", StringComparison.Ordinal));
        Assert.Equal(("xclient", "postfix-xclient", "backend.test", "alice"), (backend.Identity, backend.Name, backend.LocalDomain, backend.ExistingUser));
    }

    [Fact]
    public async Task XclientInstance_ClientNamedByXclient_IsDeliveredWithItsAddressInReceived()
    {
        await using PostfixBackend backend = await PostfixBackend.StartXclientAsync();
        await using SmtpTestClient client = await XclientSessionAsync(backend);

        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");
        await client.ExpectAsync(250, "RCPT TO:<alice@backend.test>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync("Subject: via xclient\r\nMessage-ID: <xclient-1@client.example>\r\n\r\nHello alice.\r\n.\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");

        string message = Assert.Single(await backend.WaitForMessagesAsync(1, s_delivery));
        Assert.Contains("Received: from mx.client.example (unknown [203.0.113.5])", message, StringComparison.Ordinal);
        Assert.Contains("Message-ID: <xclient-1@client.example>", message, StringComparison.Ordinal);
        Assert.Contains("Hello alice.", message, StringComparison.Ordinal);
        Assert.Contains("Delivered-To: alice@backend.test", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nobody@backend.test", 550, "5.1.1 <nobody@backend.test>: Recipient address rejected: User unknown in virtual mailbox table")]
    [InlineData("victim@elsewhere.example", 554, "5.7.1 <victim@elsewhere.example>: Relay access denied")]
    [InlineData("alice@backend.test", 250, "2.1.5 Ok")]
    public async Task XclientInstance_RecipientOfAnOutsideClient_IsJudgedByThatClientsAddress(string recipient, int code, string text)
    {
        await using PostfixBackend backend = await PostfixBackend.StartXclientAsync();
        await using SmtpTestClient client = await XclientSessionAsync(backend);
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");

        ParsedReply reply = await client.CommandAsync($"RCPT TO:<{recipient}>");

        Assert.Equal((code, text), (reply.Code, Assert.Single(reply.Lines)));
        if (code != 250)
        {
            // Admins and fail2ban read the real client in the reject line.
            Assert.True(
                await WaitForLogAsync(backend, line => line.Contains($"reject: RCPT from unknown[203.0.113.5]:40000: {code} {text}", StringComparison.Ordinal)),
                string.Join('\n', backend.LogLines));
        }
    }

    [Fact]
    public async Task XclientInstance_PlainSessionFromLoopback_MayRelay_TheTrapIsReal()
    {
        await using PostfixBackend backend = await PostfixBackend.StartXclientAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(backend.EndPoint);
        await client.ExpectAsync(250, "EHLO proxy.test");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");

        ParsedReply reply = await client.CommandAsync("RCPT TO:<victim@elsewhere.example>");

        Assert.Equal((250, "2.1.5 Ok"), (reply.Code, Assert.Single(reply.Lines)));
    }

    [Fact]
    public async Task XclientInstance_AfterXclient_XclientIsNoLongerOfferedOrAccepted()
    {
        // The new client 203.0.113.5 is not an authorized XCLIENT host (shared/INTEGRATION.md §1.1).
        await using PostfixBackend backend = await PostfixBackend.StartXclientAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(backend.EndPoint);
        await client.ExpectAsync(250, "EHLO proxy.test");
        await client.ExpectAsync(220, Xclient);

        ParsedReply ehlo = await client.ExpectAsync(250, "EHLO mx.client.example");
        ParsedReply again = await client.CommandAsync("XCLIENT ADDR=127.0.0.1");

        Assert.DoesNotContain(ehlo.Lines, line => line.StartsWith("XCLIENT", StringComparison.Ordinal));
        Assert.Equal((550, "5.7.0 Error: insufficient authorization"), (again.Code, Assert.Single(again.Lines)));
    }

    [Fact]
    public async Task ProxyInstance_V1Header_IsDeliveredWithTheRealAddressInReceived()
    {
        await using PostfixBackend backend = await PostfixBackend.StartProxyAsync();
        await using SmtpTestClient client = await ProxySessionAsync(backend, ProxyV1);

        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");
        await client.ExpectAsync(250, "RCPT TO:<alice@backend.test>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync("Subject: via proxy v1\r\n\r\nHello again.\r\n.\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");

        string message = Assert.Single(await backend.WaitForMessagesAsync(1, s_delivery));
        Assert.Contains("Received: from mx.client.example (unknown [203.0.113.7])", message, StringComparison.Ordinal);
        Assert.Contains("Subject: via proxy v1", message, StringComparison.Ordinal);
        Assert.Equal(("proxy-v2", "postfix-proxy"), (backend.Identity, backend.Name));
        Assert.Contains(backend.LogLines, line => line.Contains("connect from unknown[203.0.113.7]:40001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProxyInstance_V2Header_IsDeliveredWithTheRealAddressInReceived()
    {
        await using PostfixBackend backend = await PostfixBackend.StartProxyAsync();
        // v2 PROXY TCP4: 203.0.113.8:40003 -> 192.0.2.25:25 (HAProxy proxy-protocol.txt §2.2).
        byte[] header =
        [
            0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00, 0x0C,
            203, 0, 113, 8, 192, 0, 2, 25, 0x9C, 0x43, 0x00, 0x19,
        ];
        await using SmtpTestClient client = await SmtpTestClient.ConnectAsync(backend.EndPoint);
        await client.SendAsync(header);
        await client.ExpectAsync(220);
        await client.ExpectAsync(250, "EHLO mx.client.example");

        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");
        await client.ExpectAsync(250, "RCPT TO:<alice@backend.test>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync("Subject: via proxy v2\r\n\r\nHello.\r\n.\r\n");
        await client.ExpectAsync(250);

        string message = Assert.Single(await backend.WaitForMessagesAsync(1, s_delivery));
        Assert.Contains("Received: from mx.client.example (unknown [203.0.113.8])", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxyInstance_ForeignRecipientOfAnOutsideClient_IsRelayDenied()
    {
        await using PostfixBackend backend = await PostfixBackend.StartProxyAsync();
        await using SmtpTestClient client = await ProxySessionAsync(backend, ProxyV1);
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");

        ParsedReply relay = await client.CommandAsync("RCPT TO:<victim@elsewhere.example>");
        ParsedReply unknown = await client.CommandAsync("RCPT TO:<nobody@backend.test>");

        Assert.Equal((554, "5.7.1 <victim@elsewhere.example>: Relay access denied"), (relay.Code, Assert.Single(relay.Lines)));
        Assert.Equal(550, unknown.Code);
    }

    [Fact]
    public async Task Kill_MidSession_BreaksTheConnectionAndClosesThePort()
    {
        PostfixBackend backend = await PostfixBackend.StartXclientAsync();
        await using (backend)
        {
            await using SmtpTestClient client = await XclientSessionAsync(backend);
            await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");

            backend.Kill();

            Exception? broken = await Record.ExceptionAsync(async () =>
            {
                await client.SendLineAsync("RCPT TO:<alice@backend.test>");
                ParsedReply? reply = await client.TryReadReplyAsync();
                Assert.Null(reply); // a clean EOF is as good as a reset; a reply is not
            });
            Assert.True(broken is null or IOException, $"Expected EOF or a reset, got {broken}");
            await Assert.ThrowsAsync<SocketException>(() => SmtpTestClient.ConnectAsync(backend.EndPoint));
        }
    }

    [Fact]
    public async Task TwoInstancesAtOnce_EachKeepsItsOwnMailAndLog()
    {
        PostfixBackend[] backends = await Task.WhenAll(PostfixBackend.StartXclientAsync(), PostfixBackend.StartXclientAsync());
        await using PostfixBackend first = backends[0];
        await using PostfixBackend second = backends[1];

        Assert.NotEqual(first.EndPoint, second.EndPoint);
        foreach (PostfixBackend backend in backends)
        {
            await using SmtpTestClient client = await XclientSessionAsync(backend);
            await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");
            await client.ExpectAsync(250, "RCPT TO:<alice@backend.test>");
            await client.ExpectAsync(354, "DATA");
            await client.SendAsync($"Subject: for {backend.EndPoint}\r\n\r\nHi.\r\n.\r\n");
            await client.ExpectAsync(250);
        }

        foreach (PostfixBackend backend in backends)
        {
            string message = Assert.Single(await backend.WaitForMessagesAsync(1, s_delivery));
            Assert.Contains($"Subject: for {backend.EndPoint}", message, StringComparison.Ordinal);

            // The maildir file can appear a moment before postlogd has written virtual(8)'s log line.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < s_delivery && !backend.LogLines.Any(line => line.Contains("status=sent (delivered to maildir)", StringComparison.Ordinal)))
            {
                await Task.Delay(50);
            }

            Assert.Contains(backend.LogLines, line => line.Contains("status=sent (delivered to maildir)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DisposeAsync_StopsTheInstance()
    {
        PostfixBackend backend = await PostfixBackend.StartProxyAsync();
        IPEndPoint endPoint = backend.EndPoint;

        await backend.DisposeAsync();

        await Assert.ThrowsAsync<SocketException>(() => SmtpTestClient.ConnectAsync(endPoint));
    }

    /// <summary>EHLO, the XCLIENT of an outside client (203.0.113.5), and the client's EHLO.</summary>
    private static async Task<SmtpTestClient> XclientSessionAsync(PostfixBackend backend)
    {
        SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(backend.EndPoint);
        await client.ExpectAsync(250, "EHLO proxy.test");
        await client.ExpectAsync(220, Xclient);
        await client.ExpectAsync(250, "EHLO mx.client.example");
        return client;
    }

    /// <summary>The PROXY header, the banner, and the client's EHLO.</summary>
    private static async Task<SmtpTestClient> ProxySessionAsync(PostfixBackend backend, string header)
    {
        SmtpTestClient client = await SmtpTestClient.ConnectAsync(backend.EndPoint);
        await client.SendAsync(header);
        await client.ExpectAsync(220);
        await client.ExpectAsync(250, "EHLO mx.client.example");
        return client;
    }

    /// <summary>postlogd writes asynchronously: a line may arrive a moment after the reply it records.</summary>
    private static async Task<bool> WaitForLogAsync(PostfixBackend backend, Func<string, bool> predicate)
    {
        for (int i = 0; i < 100; i++)
        {
            if (backend.LogLines.Any(predicate))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
