using SmtpShield.IntegrationTests.Backends;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Relay;

/// <summary>Courier 1.0.16, which takes no identity: an untrusted source address and SmtpShield's own Received line.</summary>
public sealed class CourierRelayTests(CourierRelayTests.Backend fixture) : RelayContractTests<CourierRelayTests.Backend>(fixture)
{
    [Fact]
    public async Task TraceHeader_NamesTheClient_AndTheBackendSawOnlyTheUntrustedSource()
    {
        IReadOnlyList<string> received = await RelayMessages.SwaksAsync(Fixture.Daemon, Fixture.Backend, RelayFixture.NamedClient);
        // Courier's own line on top (the source address), SmtpShield's below it (the client, verified name).
        Assert.Contains(Fixture.Backend.SourceAddress!.ToString(), received[0], StringComparison.Ordinal);
        Assert.StartsWith($"Received: from mx.client.test ({RelayFixture.NamedClientName} [{RelayFixture.NamedClient}]) by {DaemonUnderTest.Hostname} (SmtpShield) with ESMTP id ",
            received[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmugglingAttempt_StaysInsideTheMessage()
    {
        // "\n.\n" ends the data for some servers and not for others; here it must not end it, so the
        // "smuggled" MAIL/RCPT/DATA is body text of the one message the backend stores.
        string id = RelayMessages.NewId();
        string smuggled = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(Fixture.Daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "EHLO mx.client.test");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        await client.ExpectAsync(250, $"RCPT TO:<alice@{Fixture.Backend.LocalDomain}>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync($"X-Test-Id: {id}\r\n\r\nfirst\n.\nMAIL FROM:<evil@client.test>\r\nRCPT TO:<alice@{Fixture.Backend.LocalDomain}>\r\nDATA\r\nX-Test-Id: {smuggled}\r\n\r\nsmuggled\r\n.\r\n");

        ParsedReply reply = await client.ReadReplyAsync();
        Assert.Equal(250, reply.Code);
        await client.ExpectAsync(221, "QUIT");
        string message = await RelayMessages.WaitForAsync(Fixture.Backend, id);
        Assert.Contains(smuggled, message, StringComparison.Ordinal);
        Assert.Contains("first\n.\nMAIL FROM:<evil@client.test>", message.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        IReadOnlyList<string> all = await Fixture.Backend.WaitForMessagesAsync(int.MaxValue, TimeSpan.Zero);
        Assert.Single(all, m => m.Contains(smuggled, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DataWithTrailingTab_IsFollowedAsDataToo()
    {
        // Courier trims any trailing white space before it compares: "DATA\t" is DATA to it, so to us.
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(Fixture.Daemon.SmtpEndPoint, RelayFixture.NamedClient);
        await client.ExpectAsync(250, "EHLO mx.client.test");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        await client.ExpectAsync(250, $"RCPT TO:<alice@{Fixture.Backend.LocalDomain}>");
        await client.ExpectAsync(354, "DATA\t");
        await client.SendAsync($"X-Test-Id: {id}\r\n\r\ntabbed\r\n.\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");
        IReadOnlyList<string> received = RelayMessages.ReceivedHeaders(await RelayMessages.WaitForAsync(Fixture.Backend, id));
        Assert.Contains(received, line => line.Contains("(SmtpShield)", StringComparison.Ordinal) && line.Contains($"[{RelayFixture.NamedClient}]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("NOOP\nDATA\r\n")]
    [InlineData("NOOP\rDATA\r\n")]
    [InlineData("DATA\0x\r\n")]
    public async Task CommandThatCouldBeReadTwoWays_EndsTheSession_AndNothingIsDelivered(string command)
    {
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(Fixture.Daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "EHLO mx.client.test");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        await client.ExpectAsync(250, $"RCPT TO:<alice@{Fixture.Backend.LocalDomain}>");
        await client.SendAsync(command + $"X-Test-Id: {id}\r\n\r\nbody\r\n.\r\n");
        ParsedReply? reply;
        try
        {
            reply = await client.TryReadReplyAsync();
        }
        catch (IOException)
        {
            reply = null;
        }

        Assert.Null(reply);
        Assert.True(await RelayMessages.NeverArrivesAsync(Fixture.Backend, id, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task ClientsStartTls_IsHiddenFromTheEhloOfTheFastPath()
    {
        await using DaemonUnderTest daemon = await Fixture.StartDaemonAsync(Fixture.Backend, allowClients: true);
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        ParsedReply ehlo = await client.ExpectAsync(250, "EHLO mx.client.test");
        Assert.Contains("PIPELINING", ehlo.Lines);
        Assert.DoesNotContain("STARTTLS", ehlo.Lines);
        Assert.DoesNotContain(ehlo.Lines, line => line.StartsWith("XSECURITY", StringComparison.Ordinal) || line.StartsWith("XEXDATA", StringComparison.Ordinal));
        await client.ExpectAsync(221, "QUIT");
    }

    [Fact]
    public async Task StartTlsToTheBackend_TheSessionRunsOverTls()
    {
        await using DaemonUnderTest daemon = await Fixture.StartDaemonAsync(Fixture.Backend, allowClients: false, ("Relay:Backends:0:StartTls", "true"));
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "EHLO mx.client.test");
        await RelayMessages.DeliverAsync(client, $"alice@{Fixture.Backend.LocalDomain}", id, "encrypted leg");

        string message = await RelayMessages.WaitForAsync(Fixture.Backend, id);
        string courierLine = RelayMessages.ReceivedHeaders(message)[0];
        Assert.Contains("(TLS: TLS1.", courierLine, StringComparison.Ordinal);
        Assert.Contains(" with ESMTPS ", courierLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task XclientMode_AgainstABackendWithoutXclient_NeverHandsOff()
    {
        // A configuration mistake: the backend would see SmtpShield's trusted 127.0.0.1 as the client.
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            ("Relay:Backends:0:Endpoint", Fixture.Backend.EndPoint.ToString()),
            ("Relay:Backends:0:Identity", "xclient"),
            ("Policy:Allow:0", "192.0.2.0/24"),
            ("Policy:Allow:1", "198.51.100.0/24"),
            ("Dns:Servers:0", Fixture.Dns.Server),
            ("ReverseDns:Enabled", "false"),
            ("Helo:Enabled", "false"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "EHLO mx.client.test");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        ParsedReply reply = await client.CommandAsync("RCPT TO:<victim@elsewhere.example>");
        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), reply.ToString());
        Assert.DoesNotContain(Fixture.Backend.LogLines, line => line.Contains("elsewhere.example", StringComparison.Ordinal));
    }

    public sealed class Backend : RelayFixture
    {
        internal override async Task<IBackendMta> StartBackendAsync() => await CourierBackend.StartAsync();
    }
}
