using System.Net;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>
/// The Courier fixture is a real Courier 1.0.16 that behaves as the relay tests need: it stores mail for
/// alice@backend.test, refuses unknown local parts and relaying from <see cref="CourierBackend.SourceAddress"/>,
/// and still relays for 127.0.0.1 as Debian ships it (the open-relay trap SmtpShield must avoid). Spoken
/// to directly with <see cref="SmtpTestClient"/>, not through SmtpShield.
/// </summary>
public sealed class CourierBackendTests : IAsyncLifetime
{
    private CourierBackend _courier = null!;

    public async Task InitializeAsync() => _courier = await CourierBackend.StartAsync();

    public async Task DisposeAsync() => await _courier.DisposeAsync();

    [Fact]
    public async Task MailForAnExistingUser_FromTheSourceAddress_IsAcceptedAndStoredWithCouriersReceivedHeader()
    {
        await using SmtpTestClient client = await ConnectFromSourceAddressAsync();
        await client.ExpectAsync(250, "EHLO client.example");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");
        await client.ExpectAsync(250, "RCPT TO:<alice@backend.test>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync("Subject: courier fixture\r\nMessage-ID: <m1@client.example>\r\n\r\nHello Alice.\r\n.\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");

        IReadOnlyList<string> messages = await _courier.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));

        string message = Assert.Single(messages);
        Assert.StartsWith("Received: from client.example ", message, StringComparison.Ordinal);
        Assert.Contains($"[::ffff:{_courier.SourceAddress}]", message, StringComparison.Ordinal);
        Assert.Contains($"by {CourierBackend.Hostname} with ESMTP", message, StringComparison.Ordinal);
        Assert.Contains("\nSubject: courier fixture\n", message, StringComparison.Ordinal);
        Assert.EndsWith("\n\nHello Alice.\n", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownLocalPart_IsRefusedAtRcptWith550()
    {
        await using SmtpTestClient client = await ConnectFromSourceAddressAsync();
        await client.ExpectAsync(250, "EHLO client.example");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");

        ParsedReply reply = await client.ExpectAsync(550, "RCPT TO:<nobody@backend.test>");

        Assert.Contains("unknown", reply.Lines[0], StringComparison.OrdinalIgnoreCase);
        await client.ExpectAsync(250, "RCPT TO:<alice@backend.test>"); // the session goes on
    }

    [Fact]
    public async Task ForeignRecipient_FromTheSourceAddress_IsRefusedAsRelaying()
    {
        await using SmtpTestClient client = await ConnectFromSourceAddressAsync();
        await client.ExpectAsync(250, "EHLO client.example");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");

        ParsedReply reply = await client.CommandAsync("RCPT TO:<victim@elsewhere.example>");

        Assert.InRange(reply.Code, 500, 599);
        Assert.Equal("Relaying denied.", reply.Lines[0]);
    }

    [Fact]
    public async Task ForeignRecipient_From127001_IsAccepted_TheOpenRelayTrapIsReal()
    {
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(_courier.EndPoint, IPAddress.Loopback);
        await client.ExpectAsync(250, "EHLO client.example");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");

        await client.ExpectAsync(250, "RCPT TO:<victim@elsewhere.example>");
    }

    [Fact]
    public void Ehlo_AdvertisesDebiansCourierKeywords_WithoutChunkingOrEnhancedStatusCodes() =>
        Assert.Equal(
            ["STARTTLS", "XVERP=Courier", "XEXDATA", "XSECURITY=NONE,STARTTLS", "PIPELINING", "8BITMIME", "SMTPUTF8", "SIZE", "DSN"],
            _courier.EhloKeywords);

    [Fact]
    public async Task Kill_MidSession_BreaksTheOpenConnection()
    {
        await using SmtpTestClient client = await ConnectFromSourceAddressAsync();
        await client.ExpectAsync(250, "EHLO client.example");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");

        _courier.Kill();

        // The session's process is gone: the next command meets a closed (or reset) connection, no reply.
        Exception? failure = await Record.ExceptionAsync(async () =>
        {
            await client.SendLineAsync("RCPT TO:<alice@backend.test>");
            Assert.Null(await client.TryReadReplyAsync());
        });
        Assert.True(failure is null or IOException, $"Expected EOF or a reset, got {failure}");
        await Assert.ThrowsAnyAsync<Exception>(() => SmtpTestClient.ConnectAsync(_courier.EndPoint, _courier.SourceAddress));
    }

    [Fact]
    public async Task TwoInstances_RunAtOnce_EachWithItsOwnQueue()
    {
        await using CourierBackend other = await CourierBackend.StartAsync();
        await using (SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(other.EndPoint, other.SourceAddress))
        {
            await client.ConverseAsync("EHLO client.example", "MAIL FROM:<sender@client.example>", "RCPT TO:<alice@backend.test>", "DATA");
            await client.SendAsync("Subject: to the other instance\r\n\r\nHi.\r\n.\r\n");
            await client.ExpectAsync(250);
        }

        Assert.Single(await other.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Empty(await _courier.WaitForMessagesAsync(1, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task Syslog_OfTheInstance_IsCaptured()
    {
        await using (SmtpTestClient client = await ConnectFromSourceAddressAsync())
        {
            await client.ExpectAsync(250, "EHLO client.example");
            await client.ExpectAsync(250, "MAIL FROM:<sender@client.example>");
            await client.CommandAsync("RCPT TO:<victim@elsewhere.example>");
        }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!_courier.LogLines.Any(IsRelayRefusal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains(_courier.LogLines, IsRelayRefusal);

        static bool IsRelayRefusal(string line) => line.Contains("Relaying denied", StringComparison.Ordinal);
    }

    private Task<SmtpTestClient> ConnectFromSourceAddressAsync() =>
        SmtpTestClient.ConnectAndGreetAsync(_courier.EndPoint, _courier.SourceAddress);
}
