using System.Diagnostics;
using System.Net;
using SmtpShield.IntegrationTests.Relay;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Tarpit;

/// <summary>
/// The tarpit over real TCP: a rejected client's 5xx arrives a byte at a time, the rest after Tarpit:MaxStutter;
/// a suspicious client (a Tarpit verdict) waits Tarpit:Delay at RCPT TO and is then relayed to a real
/// Postfix, which stores its message.
/// </summary>
public sealed class TarpitTests(PostfixXclientRelayTests.Backend fixture) : IClassFixture<PostfixXclientRelayTests.Backend>
{
    [Fact]
    public async Task Rejection_ArrivesAByteAtATime_TheRestAfterMaxStutter()
    {
        IPAddress client = RelayFixture.NextClient();
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            [.. DaemonUnderTest.LoopbackNotAllowed, ("Policy:Deny:0", client.ToString()), ("ReverseDns:Enabled", "false"), ("Helo:Enabled", "false"),
            ("Tarpit:StutterRejects", "true"), ("Tarpit:StutterInterval", "00:00:00.100"), ("Tarpit:MaxStutter", "00:00:01")]);
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client);
        await smtp.ExpectAsync(250, "EHLO client.example");
        await smtp.ExpectAsync(250, "MAIL FROM:<a@client.example>");
        int readsBefore = smtp.DataReads;
        var clock = Stopwatch.StartNew();

        ParsedReply rcpt = await smtp.CommandAsync("RCPT TO:<b@example.org>");

        Assert.Equal($"554 5.7.1 Service unavailable; client [{client}] on the deny list", rcpt.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(4));
        // Eleven bytes 100 ms apart, then the rest: about one read each (a late tick may join two), where an unslowed reply takes one.
        Assert.True(smtp.DataReads - readsBefore >= 6, $"{smtp.DataReads - readsBefore} reads for one {rcpt.Raw.Length}-byte reply");
        await smtp.ExpectAsync(221, "QUIT");
    }

    [Fact]
    public async Task SuspiciousClient_WaitsTheDelay_ThenIsRelayedAndDelivered()
    {
        await using DaemonUnderTest daemon = await fixture.StartDaemonAsync(fixture.Backend, allowClients: false,
            ("Helo:Enabled", "true"), ("Helo:BareAddressScore", "2"), ("Policy:TarpitThreshold", "2"), ("Tarpit:Delay", "00:00:01"));
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "EHLO 192.0.2.1");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        var clock = Stopwatch.StartNew();

        ParsedReply rcpt = await client.CommandAsync($"RCPT TO:<alice@{fixture.Backend.LocalDomain}>");
        TimeSpan waited = clock.Elapsed;

        Assert.Equal(250, rcpt.Code);
        Assert.InRange(waited, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync($"X-Test-Id: {id}\r\nSubject: tarpitted\r\n\r\nslowed, then relayed\r\n.\r\n");
        await client.ExpectAsync(250);
        await client.ExpectAsync(221, "QUIT");
        Assert.Contains("slowed, then relayed", await RelayMessages.WaitForAsync(fixture.Backend, id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipelinedRcpts_WaitTheDelayOnce_WhenTheBackendTakesNone()
    {
        await using DaemonUnderTest daemon = await fixture.StartDaemonAsync(fixture.Backend, allowClients: false,
            ("Relay:Backends:0:Endpoint", DaemonUnderTest.UnreachableBackend), ("Relay:Backends:0:Identity", "xclient"),
            ("Helo:Enabled", "true"), ("Helo:BareAddressScore", "2"), ("Policy:TarpitThreshold", "2"), ("Tarpit:Delay", "00:00:01"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "EHLO 192.0.2.1");
        var clock = Stopwatch.StartNew();

        await client.SendAsync("MAIL FROM:<sender@client.test>\r\nRCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\n");
        IReadOnlyList<ParsedReply> replies = await client.ReadRepliesAsync(4);
        TimeSpan waited = clock.Elapsed;

        Assert.Equal([250, 451, 451, 451], replies.Select(r => r.Code));
        Assert.InRange(waited, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
    }
}
