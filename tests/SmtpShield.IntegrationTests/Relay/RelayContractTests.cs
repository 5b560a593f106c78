using System.Net;
using System.Text;
using SmtpShield.IntegrationTests.Backends;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Relay;

/// <summary>
/// What every backend must show through SmtpShield (the Relay issue's test list), run once per backend:
/// mail lands with the client's address, relaying is still the backend's decision, pipelined and large
/// messages and split end-of-data pass, the backend's own refusals reach the client unchanged, and a
/// backend that is down or dies never costs the client its mail.
/// </summary>
public abstract class RelayContractTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : RelayFixture
{
    protected TFixture Fixture { get; } = fixture;

    private IBackendMta Backend => Fixture.Backend;

    private string Alice => $"{Backend.ExistingUser}@{Backend.LocalDomain}";

    [Fact]
    public async Task Swaks_MessageLands_WithTheClientsAddressInReceived()
    {
        IReadOnlyList<string> received = await RelayMessages.SwaksAsync(Fixture.Daemon, Backend, RelayFixture.NamedClient);

        Assert.Contains(received, line => line.Contains($"[{RelayFixture.NamedClient}]", StringComparison.Ordinal)
            || line.Contains($"[::ffff:{RelayFixture.NamedClient}]", StringComparison.Ordinal));
        AssertProxyNotPresentedAsTheClient(received);
    }

    [Fact]
    public async Task Ipv6Client_IsIdentifiedToTheBackend()
    {
        await using DaemonUnderTest daemon = await Fixture.StartDaemonAsync(Backend, allowClients: false, ("Listeners:1:Endpoint", "[::1]:0"));
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoints[1]);
        await client.ExpectAsync(250, "EHLO v6.client.test");
        await RelayMessages.DeliverAsync(client, Alice, id, "over IPv6");

        IReadOnlyList<string> received = RelayMessages.ReceivedHeaders(await RelayMessages.WaitForAsync(Backend, id));
        Assert.Contains(received, line => line.Contains("::1]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RelayToAForeignDomain_IsRefusedByTheBackend()
    {
        await using SmtpTestClient client = await GreetAsync(RelayFixture.NextClient());
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        ParsedReply reply = await client.CommandAsync("RCPT TO:<victim@elsewhere.example>");

        Assert.True(reply.Code is >= 500 and < 600, $"an open relay: {reply}\n{client.Transcript.Take()}");
        AssertIsTheBackendsReply(reply);
        await client.ExpectAsync(221, "QUIT");
    }

    [Fact]
    public async Task UnknownUser_TheBackendsRefusalReachesTheClientUnchanged()
    {
        await using SmtpTestClient client = await GreetAsync(RelayFixture.NextClient());
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        ParsedReply reply = await client.CommandAsync($"RCPT TO:<nobody-here@{Backend.LocalDomain}>");

        Assert.True(reply.Code == 550, $"{reply}\n{client.Transcript.Take()}");
        AssertIsTheBackendsReply(reply);

        // The backend holds the transaction: a good recipient after the bad one still gets through.
        string id = RelayMessages.NewId();
        await client.ExpectAsync(250, $"RCPT TO:<{Alice}>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync($"X-Test-Id: {id}\r\nSubject: after a refusal\r\n\r\nbody\r\n.\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");
        await RelayMessages.WaitForAsync(Backend, id);
    }

    [Fact]
    public async Task PipelinedClient_RcptRcptDataBodyDotQuit_InOneWrite()
    {
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await GreetAsync(RelayFixture.NextClient());
        await client.SendAsync(
            "MAIL FROM:<sender@client.test>\r\n" +
            $"RCPT TO:<{Alice}>\r\n" +
            $"RCPT TO:<{Alice}>\r\n" +
            "DATA\r\n" +
            $"X-Test-Id: {id}\r\nSubject: pipelined\r\n\r\none write\r\n.\r\n" +
            "QUIT\r\n");

        IReadOnlyList<ParsedReply> replies = await client.ReadRepliesAsync(6);
        Assert.Equal([250, 250, 250, 354, 250, 221], replies.Select(r => r.Code));
        await client.ExpectClosedAsync();
        string message = await RelayMessages.WaitForAsync(Backend, id);
        Assert.Contains("one write", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeloClient_IsRelayedToo()
    {
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(Fixture.Daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "HELO old.client.test");
        await RelayMessages.DeliverAsync(client, Alice, id, "plain SMTP");
        await RelayMessages.WaitForAsync(Backend, id);
    }

    [Fact]
    public async Task OneMegabyteMessage_ArrivesWhole()
    {
        string id = RelayMessages.NewId();
        var body = new StringBuilder();
        for (int i = 0; body.Length < 1024 * 1024; i++)
        {
            body.Append("line ").Append(i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append('x', 60).Append("\r\n");
        }

        await using SmtpTestClient client = await GreetAsync(RelayFixture.NextClient());
        client.ReadTimeout = TimeSpan.FromSeconds(30);
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        await client.ExpectAsync(250, $"RCPT TO:<{Alice}>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync($"X-Test-Id: {id}\r\nSubject: one megabyte\r\n\r\n{body}.\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");

        string message = await RelayMessages.WaitForAsync(Backend, id, TimeSpan.FromSeconds(30));
        string lastLine = body.ToString().TrimEnd().Split("\r\n")[^1];
        Assert.Contains("line 0000000 ", message, StringComparison.Ordinal);
        Assert.Contains(lastLine, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndOfData_DotAndCrlfInSeparateSegments()
    {
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await GreetAsync(RelayFixture.NextClient());
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        await client.ExpectAsync(250, $"RCPT TO:<{Alice}>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync($"X-Test-Id: {id}\r\n\r\nsplit end\r\n");
        await Task.Delay(100);
        await client.SendAsync(".");
        await Task.Delay(100);
        await client.SendAsync("\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");
        await RelayMessages.WaitForAsync(Backend, id);
    }

    [Fact]
    public async Task StartTlsClient_IsSplicedOverItsTlsStream()
    {
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await GreetAsync(RelayFixture.NextClient());
        await client.ExpectAsync(220, "STARTTLS");
        await client.StartTlsAsync();
        await client.ExpectAsync(250, "EHLO tls.client.test");
        await RelayMessages.DeliverAsync(client, Alice, id, "over TLS");
        await RelayMessages.WaitForAsync(Backend, id);
    }

    [Fact]
    public async Task FastPath_AllowlistedClient_TalksToTheBackendFromTheFirstByte()
    {
        await using DaemonUnderTest daemon = await Fixture.StartDaemonAsync(Backend, allowClients: true);
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, RelayFixture.NamedClient);
        ParsedReply banner = await client.ExpectAsync(220);
        Assert.DoesNotContain(DaemonUnderTest.Hostname, banner.Lines[0], StringComparison.Ordinal);
        ParsedReply ehlo = await client.ExpectAsync(250, "EHLO mx.client.test");
        Assert.DoesNotContain(DaemonUnderTest.Hostname, ehlo.Lines[0], StringComparison.Ordinal);
        await RelayMessages.DeliverAsync(client, Alice, id, "fast path");
        string message = await RelayMessages.WaitForAsync(Backend, id);
        IReadOnlyList<string> received = RelayMessages.ReceivedHeaders(message);
        Assert.Contains(received, line => line.Contains($"{RelayFixture.NamedClient}]", StringComparison.Ordinal));
        AssertProxyNotPresentedAsTheClient(received);
    }

    [Fact]
    public async Task BackendStoppedBeforeHandoff_ClientGets451AndKeepsItsMail()
    {
        IBackendMta backend = await Fixture.StartBackendAsync();
        await using (backend)
        await using (DaemonUnderTest daemon = await Fixture.StartDaemonAsync(backend))
        {
            await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
            await client.ExpectAsync(250, "EHLO mx.client.test");
            await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
            backend.Kill();
            ParsedReply reply = await client.CommandAsync($"RCPT TO:<{Alice}>");
            Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), reply.ToString());
            await client.ExpectAsync(554, "DATA");
            await client.ExpectAsync(221, "QUIT");
        }
    }

    [Fact]
    public async Task BackendKilledMidData_NoTwoFiftyReachesTheClient()
    {
        IBackendMta backend = await Fixture.StartBackendAsync();
        await using (backend)
        await using (DaemonUnderTest daemon = await Fixture.StartDaemonAsync(backend))
        {
            string id = RelayMessages.NewId();
            await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
            await client.ExpectAsync(250, "EHLO mx.client.test");
            await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
            await client.ExpectAsync(250, $"RCPT TO:<{Backend.ExistingUser}@{backend.LocalDomain}>");
            await client.ExpectAsync(354, "DATA");
            await client.SendAsync($"X-Test-Id: {id}\r\n\r\nfirst half\r\n");
            await Task.Delay(200);
            backend.Kill();
            try
            {
                await client.SendAsync("second half\r\n.\r\n");
            }
            catch (IOException)
            {
                // Already closed: just as good.
            }

            ParsedReply? reply = await ReadOrClosedAsync(client);
            Assert.True(reply is null || reply.Code >= 400, $"a message whose backend died was answered {reply}");
            Assert.True(await RelayMessages.NeverArrivesAsync(backend, id, TimeSpan.FromMilliseconds(300)));
        }
    }

    /// <summary>Asserts the backend's own hand is on the reply: not one of SmtpShield's canned texts.</summary>
    private static void AssertIsTheBackendsReply(ParsedReply reply)
    {
        string text = reply.ToString();
        Assert.DoesNotContain(DaemonUnderTest.Hostname, text, StringComparison.Ordinal);
        Assert.NotEqual(SmtpReplies.BackendUnavailable.ToString(), text);
    }

    /// <summary>XCLIENT and PROXY: no Received line names SmtpShield's loopback address as the sender's.</summary>
    protected virtual void AssertProxyNotPresentedAsTheClient(IReadOnlyList<string> received) =>
        Assert.DoesNotContain(received, line => line.Contains("[127.0.0.1]", StringComparison.Ordinal));

    private async Task<SmtpTestClient> GreetAsync(IPAddress client)
    {
        SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(Fixture.Daemon.SmtpEndPoint, client);
        await smtp.ExpectAsync(250, "EHLO mx.client.test");
        return smtp;
    }

    private static async Task<ParsedReply?> ReadOrClosedAsync(SmtpTestClient client)
    {
        try
        {
            return await client.TryReadReplyAsync();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
