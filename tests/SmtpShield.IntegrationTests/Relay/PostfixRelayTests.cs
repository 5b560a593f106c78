using Microsoft.Extensions.DependencyInjection;
using SmtpShield.IntegrationTests.Backends;
using SmtpShield.Protocol;
using SmtpShield.Relay;

namespace SmtpShield.IntegrationTests.Relay;

/// <summary>
/// Postfix 3.7 behind XCLIENT. Its mynetworks is narrowed to SmtpShield's own 127.0.0.1 (the Debian
/// default trusts all of 127/8, which would make every loopback test client a trusted one): the trap
/// stays real for SmtpShield's address, and the clients are the strangers they stand for.
/// </summary>
public sealed class PostfixXclientRelayTests(PostfixXclientRelayTests.Backend fixture) : RelayContractTests<PostfixXclientRelayTests.Backend>(fixture)
{
    [Fact]
    public async Task Xclient_GivesPostfixTheVerifiedName_AndTheClientsHelo()
    {
        IReadOnlyList<string> received = await RelayMessages.SwaksAsync(Fixture.Daemon, Fixture.Backend, RelayFixture.NamedClient);
        Assert.StartsWith($"Received: from mx.client.test ({RelayFixture.NamedClientName} [{RelayFixture.NamedClient}]) by {PostfixBackend.Hostname} (Postfix)",
            received[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostfixLogs_TheRealClient_ForItsRejects()
    {
        IReadOnlyList<string> before = Fixture.Backend.LogLines;
        System.Net.IPAddress clientAddress = RelayFixture.NextClient();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(Fixture.Daemon.SmtpEndPoint, clientAddress);
        await client.ExpectAsync(250, "EHLO mx.client.test");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        await client.ExpectAsync(554, "RCPT TO:<victim@elsewhere.example>");
        await client.ExpectAsync(221, "QUIT");

        // fail2ban and pflogsumm key on this line: it must carry the client, not SmtpShield's 127.0.0.1.
        for (int i = 0; i < 50 && !Fixture.Backend.LogLines.Skip(before.Count).Any(l => l.Contains("NOQUEUE: reject", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(Fixture.Backend.LogLines.Skip(before.Count),
            line => line.Contains($"NOQUEUE: reject: RCPT from unknown[{clientAddress}]:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HeloClient_BehindAPostfixThatRefusesUnauthorisedPipelining_GetsIts354()
    {
        // The usual pre-3.9 smuggling hardening: MAIL and RCPT pipelined for a HELO client would cost it a 503 at DATA.
        await using PostfixBackend backend = await PostfixBackend.StartXclientAsync(
            ("mynetworks", "127.0.0.1/32"), ("smtpd_data_restrictions", "reject_unauth_pipelining"));
        await using DaemonUnderTest daemon = await Fixture.StartDaemonAsync(backend);
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "HELO old.client.test");
        await RelayMessages.DeliverAsync(client, $"alice@{backend.LocalDomain}", id, "no pipelining here");
        await RelayMessages.WaitForAsync(backend, id);
        Assert.DoesNotContain(backend.LogLines, line => line.Contains("improper command pipelining", StringComparison.Ordinal));
    }

    public sealed class Backend : RelayFixture
    {
        internal override async Task<IBackendMta> StartBackendAsync() =>
            await PostfixBackend.StartXclientAsync(("mynetworks", "127.0.0.1/32"));
    }
}

/// <summary>Postfix 3.7 behind the PROXY protocol (v2), mynetworks narrowed as for XCLIENT.</summary>
public sealed class PostfixProxyRelayTests(PostfixProxyRelayTests.Backend fixture) : RelayContractTests<PostfixProxyRelayTests.Backend>(fixture)
{
    [Fact]
    public async Task ProxyV1_TheTextHeader_IdentifiesTheClientToo()
    {
        await using DaemonUnderTest daemon = await Fixture.StartDaemonAsync(Fixture.Backend, allowClients: false, ("Relay:Backends:0:Identity", "proxy-v1"));
        System.Net.IPAddress clientAddress = RelayFixture.NextClient();
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, clientAddress);
        await client.ExpectAsync(250, "EHLO mx.client.test");
        await RelayMessages.DeliverAsync(client, $"alice@{Fixture.Backend.LocalDomain}", id, "PROXY v1");

        IReadOnlyList<string> received = RelayMessages.ReceivedHeaders(await RelayMessages.WaitForAsync(Fixture.Backend, id));
        Assert.Contains($"[{clientAddress}]", received[0], StringComparison.Ordinal);
    }

    public sealed class Backend : RelayFixture
    {
        internal override async Task<IBackendMta> StartBackendAsync() =>
            await PostfixBackend.StartProxyAsync(("mynetworks", "127.0.0.1/32"));
    }
}

/// <summary>The extensions clients are offered follow the backend's EHLO (shared/INTEGRATION.md §2).</summary>
public sealed class CapabilityIntersectionTests
{
    [Fact]
    public async Task BackendWithASmallerSizeAndNoSmtpUtf8_IsReflectedInSmtpShieldsEhlo()
    {
        await using PostfixBackend backend = await PostfixBackend.StartXclientAsync(
            ("mynetworks", "127.0.0.1/32"), ("message_size_limit", "1000000"), ("smtputf8_enable", "no"));
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            ("Relay:Backends:0:Endpoint", backend.EndPoint.ToString()),
            ("Relay:Backends:0:Identity", "xclient"),
            ("Policy:Allow:0", "192.0.2.0/24"),
            ("Policy:Allow:1", "198.51.100.0/24"));
        await daemon.Services.GetRequiredService<BackendCapabilityMonitor>().RefreshAsync(CancellationToken.None);

        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        ParsedReply ehlo = await client.ExpectAsync(250, "EHLO mx.client.test");
        Assert.Contains("SIZE 1000000", ehlo.Lines);
        Assert.DoesNotContain("SMTPUTF8", ehlo.Lines);
        Assert.Contains("ENHANCEDSTATUSCODES", ehlo.Lines);
        Assert.Contains("DSN", ehlo.Lines);

        // What is not offered is refused by SmtpShield itself, before the client is told 250.
        await client.ExpectAsync(552, "MAIL FROM:<sender@client.test> SIZE=2000000");
        await client.ExpectAsync(555, "MAIL FROM:<sender@client.test> SMTPUTF8");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test> SIZE=900000");
        await client.ExpectAsync(221, "QUIT");
    }

    [Fact]
    public async Task BackendWithoutDsnOrEnhancedCodes_Exim_IsReflected()
    {
        await using EximBackend backend = await EximBackend.StartAsync();
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            ("Relay:Backends:0:Endpoint", backend.EndPoint.ToString()),
            ("Relay:Backends:0:Identity", backend.Identity),
            ("Policy:Allow:0", "192.0.2.0/24"),
            ("Policy:Allow:1", "198.51.100.0/24"));
        await daemon.Services.GetRequiredService<BackendCapabilityMonitor>().RefreshAsync(CancellationToken.None);

        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        ParsedReply ehlo = await client.ExpectAsync(250, "EHLO mx.client.test");
        Assert.DoesNotContain("DSN", ehlo.Lines);
        Assert.DoesNotContain("ENHANCEDSTATUSCODES", ehlo.Lines);
        Assert.DoesNotContain("CHUNKING", ehlo.Lines);
        Assert.Contains("SMTPUTF8", ehlo.Lines);
        await client.ExpectAsync(555, "MAIL FROM:<sender@client.test> RET=HDRS");
        await client.ExpectAsync(221, "QUIT");
    }
}
