using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>
/// The Exim backend fixture itself, spoken to directly (no SmtpShield in between): behind a PROXY header,
/// v1 or v2, Exim sees the client the header names, delivers to alice@backend.test with that client in its
/// Received header, refuses unknown local parts and foreign domains, refuses everything without a header,
/// and a kill breaks open sessions.
/// </summary>
public class EximBackendTests
{
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ProxyV1Client_DeliversToAlice_WithTheRealClientInTheReceivedHeader()
    {
        await using EximBackend exim = await EximBackend.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAsync(exim.EndPoint);

        await client.SendAsync("PROXY TCP4 203.0.113.21 192.0.2.25 40021 25\r\n");
        await client.ExpectAsync(220);
        ParsedReply ehlo = await client.ExpectAsync(250, "EHLO mx.client.example");
        await client.ExpectAsync(250, "MAIL FROM:<a@sender.example>");
        await client.ExpectAsync(250, "RCPT TO:<alice@backend.test>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync("Subject: proxy v1\r\nMessage-ID: <v1@sender.example>\r\n\r\nHello over PROXY v1.\r\n.\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");

        Assert.Equal("exim.backend.test Hello mx.client.example [203.0.113.21]", ehlo.Lines[0]);
        string message = Assert.Single(await exim.WaitForMessagesAsync(1, s_deliveryTimeout));
        Assert.Contains("Received: from [203.0.113.21] (port=40021 helo=mx.client.example)\n\tby exim.backend.test with esmtp (Exim 4.96)", message);
        Assert.Contains("Return-path: <a@sender.example>\n", message);
        Assert.EndsWith("Subject: proxy v1\nMessage-ID: <v1@sender.example>\n\nHello over PROXY v1.\n", message);
        Assert.Contains(exim.LogLines, line => line.Contains("<= a@sender.example H=(mx.client.example) [203.0.113.21]:40021 P=esmtp PRX=127.0.0.1 "));
    }

    [Fact]
    public async Task ProxyV2Tcp4Client_DeliversToAlice_WithTheRealClientInTheReceivedHeader()
    {
        await using EximBackend exim = await EximBackend.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAsync(exim.EndPoint);

        await client.SendAsync(ProxyV2Tcp4(IPAddress.Parse("203.0.113.22"), IPAddress.Parse("192.0.2.25"), 40022, 25));
        await client.ExpectAsync(220);
        ParsedReply ehlo = await client.ExpectAsync(250, "EHLO mx2.client.example");
        await client.ExpectAsync(250, "MAIL FROM:<b@sender.example>");
        await client.ExpectAsync(250, "RCPT TO:<alice@backend.test>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync("Subject: proxy v2\r\n\r\nHello over PROXY v2.\r\n.\r\n");
        await client.ExpectAsync(250);

        Assert.Equal("exim.backend.test Hello mx2.client.example [203.0.113.22]", ehlo.Lines[0]);
        string message = Assert.Single(await exim.WaitForMessagesAsync(1, s_deliveryTimeout));
        Assert.Contains("Received: from [203.0.113.22] (port=40022 helo=mx2.client.example)", message);
        Assert.EndsWith("Subject: proxy v2\n\nHello over PROXY v2.\n", message);
    }

    [Fact]
    public async Task EhloBehindProxy_AdvertisesTheseExtensions_AndNoStartTls()
    {
        await using EximBackend exim = await EximBackend.StartAsync();
        await using SmtpTestClient client = await ProxiedClientAsync(exim, "203.0.113.23", 40023);

        ParsedReply ehlo = await client.ExpectAsync(250, "EHLO mx.client.example");

        Assert.Equal(["SIZE 52428800", "8BITMIME", "PIPELINING", "PIPECONNECT", "CHUNKING", "SMTPUTF8", "HELP"], ehlo.Lines.Skip(1));
    }

    [Fact]
    public async Task UnknownLocalPart_IsRefusedAtRcpt()
    {
        await using EximBackend exim = await EximBackend.StartAsync();
        await using SmtpTestClient client = await ProxiedClientAsync(exim, "203.0.113.24", 40024);
        await client.ExpectAsync(250, "EHLO mx.client.example");
        await client.ExpectAsync(250, "MAIL FROM:<a@sender.example>");

        ParsedReply rcpt = await client.ExpectAsync(550, "RCPT TO:<nobody@backend.test>");

        Assert.Equal("550 Unrouteable address", rcpt.ToString());
        Assert.Contains(exim.LogLines, line => line.Contains("H=(mx.client.example) [203.0.113.24]:40024 F=<a@sender.example> rejected RCPT <nobody@backend.test>: Unrouteable address"));
    }

    [Fact]
    public async Task ForeignDomain_FromAProxiedClient_IsNotRelayed_ThoughTheProxyIsOnLoopback()
    {
        // The open-relay trap (shared/INTEGRATION.md §1.6): the connection comes from loopback, which Debian's
        // relay_from_hosts trusts, but Exim judges the client named in the PROXY header.
        await using EximBackend exim = await EximBackend.StartAsync();
        await using SmtpTestClient client = await ProxiedClientAsync(exim, "203.0.113.25", 40025);
        await client.ExpectAsync(250, "EHLO mx.client.example");
        await client.ExpectAsync(250, "MAIL FROM:<a@sender.example>");

        ParsedReply rcpt = await client.ExpectAsync(550, "RCPT TO:<victim@elsewhere.example>");

        Assert.Equal("550 relay not permitted", rcpt.ToString());
        Assert.Contains(exim.LogLines, line => line.Contains("[203.0.113.25]:40025 F=<a@sender.example> rejected RCPT <victim@elsewhere.example>: relay not permitted"));
    }

    [Fact]
    public async Task ClientWithoutProxyHeader_IsRefusedEveryCommand()
    {
        await using EximBackend exim = await EximBackend.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAsync(exim.EndPoint);

        // Exim sends its banner only once proxy_protocol_timeout has passed, then refuses everything.
        ParsedReply banner = await client.ExpectAsync(220);
        client.Transcript.Take(); // the banner carries a date
        string transcript = await client.ConverseAsync("EHLO mx.client.example", "MAIL FROM:<a@sender.example>", "RCPT TO:<alice@backend.test>");

        Assert.StartsWith("exim.backend.test ESMTP Exim 4.96", banner.Lines[0]);
        Assert.Equal(
            """
            C: EHLO mx.client.example
            S: 503 Command refused, required Proxy negotiation failed
            C: MAIL FROM:<a@sender.example>
            S: 503 Command refused, required Proxy negotiation failed
            C: RCPT TO:<alice@backend.test>
            S: 503 Command refused, required Proxy negotiation failed
            """.ReplaceLineEndings("\n"),
            transcript);
        Assert.Empty(await exim.WaitForMessagesAsync(0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Kill_BreaksAnOpenSession_AndClosesThePort()
    {
        await using EximBackend exim = await EximBackend.StartAsync();
        await using SmtpTestClient client = await ProxiedClientAsync(exim, "203.0.113.26", 40026);
        await client.ExpectAsync(250, "EHLO mx.client.example");
        await client.ExpectAsync(250, "MAIL FROM:<a@sender.example>");

        exim.Kill();

        // The session's own process is gone too: the connection ends (EOF or reset) instead of answering.
        Exception? broken = await Record.ExceptionAsync(async () =>
        {
            await client.SendLineAsync("RCPT TO:<alice@backend.test>");
            Assert.Null(await client.TryReadReplyAsync());
        });
        Assert.True(broken is null or IOException or SocketException, $"Expected EOF or a reset, got {broken}");
        SocketException refused = await Assert.ThrowsAnyAsync<SocketException>(() => SmtpTestClient.ConnectAsync(exim.EndPoint));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task SeveralInstances_RunSideBySide_EachWithItsOwnMail()
    {
        EximBackend[] instances = await Task.WhenAll(EximBackend.StartAsync(), EximBackend.StartAsync(), EximBackend.StartAsync());
        try
        {
            Assert.Equal(instances.Length, instances.Select(i => i.EndPoint).Distinct().Count());
            for (int i = 0; i < instances.Length; i++)
            {
                await using SmtpTestClient client = await ProxiedClientAsync(instances[i], $"203.0.113.{30 + i}", 40030 + i);
                await client.ConverseAsync("EHLO mx.client.example", "MAIL FROM:<a@sender.example>", "RCPT TO:<alice@backend.test>", "DATA");
                await client.SendAsync($"Subject: instance {i}\r\n\r\nbody\r\n.\r\n");
                await client.ExpectAsync(250);
            }

            for (int i = 0; i < instances.Length; i++)
            {
                string message = Assert.Single(await instances[i].WaitForMessagesAsync(1, s_deliveryTimeout));
                Assert.Contains($"[203.0.113.{30 + i}] (port={40030 + i} ", message);
                Assert.Contains($"Subject: instance {i}\n", message);
            }
        }
        finally
        {
            foreach (EximBackend instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>Connects, sends a PROXY v1 header naming <paramref name="client"/>, and reads the banner.</summary>
    private static async Task<SmtpTestClient> ProxiedClientAsync(EximBackend exim, string client, int port)
    {
        SmtpTestClient connection = await SmtpTestClient.ConnectAsync(exim.EndPoint);
        try
        {
            await connection.SendAsync($"PROXY TCP4 {client} 192.0.2.25 {port} 25\r\n");
            await connection.ExpectAsync(220);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A PROXY v2 header for TCP over IPv4 (HAProxy doc/proxy-protocol.txt §2.2): the 12-octet signature,
    /// ver_cmd 0x21 (v2, PROXY), family 0x11 (TCP/IPv4), length 12, then both addresses and ports in network order.
    /// </summary>
    private static byte[] ProxyV2Tcp4(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort)
    {
        byte[] header = new byte[28];
        ReadOnlySpan<byte> signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];
        signature.CopyTo(header);
        header[12] = 0x21;
        header[13] = 0x11;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), 12);
        source.GetAddressBytes().CopyTo(header, 16);
        destination.GetAddressBytes().CopyTo(header, 20);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(24), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(26), destinationPort);
        return header;
    }
}
