using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// The pre-greet and protocol tests over real TCP, from non-allowlisted loopback clients: an early
/// talker caught behind the greet wait and the teaser, an HTTP request and curl on port 25 dropped,
/// a pipelining violation refused while swaks, a correct pipelining client, is relayed.
/// </summary>
public class ProtocolTestTests
{
    private const string Banner = "220 mx.test.example ESMTP";

    [Fact]
    public async Task EarlyTalker_BehindTheGreetWait_IsRejectedAtRcpt()
    {
        await using DaemonUnderTest daemon = await StartAsync(("Pregreet:Wait", "00:00:01"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, ClientAddress());

        await client.SendAsync("EHLO client.example\r\n");

        Assert.Equal(Banner, (await client.ReadReplyAsync()).ToString());
        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        await client.ExpectAsync(250, "MAIL FROM:<a@client.example>");
        ParsedReply rcpt = await client.CommandAsync("RCPT TO:<b@example.org>");
        Assert.Equal($"554 5.7.1 Service unavailable; client [{client.LocalEndPoint.Address}] talked before the greeting", rcpt.ToString());
    }

    [Fact]
    public async Task Teaser_ComesAtOnce_TheBannerAfterTheWait_AndAPatientClientIsRelayed()
    {
        await using DaemonUnderTest daemon = await StartAsync(("Pregreet:Wait", "00:00:01"), ("Pregreet:Teaser", "true"));
        var clock = Stopwatch.StartNew();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAsync(daemon.SmtpEndPoint, ClientAddress());

        ParsedReply banner = await client.ReadReplyAsync();
        TimeSpan waited = clock.Elapsed;

        Assert.Equal(["mx.test.example ESMTP", "mx.test.example ESMTP"], banner.Lines);
        Assert.InRange(waited, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        await client.ExpectAsync(250, "EHLO client.example");
        await client.ExpectAsync(250, "MAIL FROM:<a@client.example>");
        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), (await client.CommandAsync("RCPT TO:<b@example.org>")).ToString());
    }

    [Fact]
    public async Task HttpRequestOnPort25_IsDroppedWith521()
    {
        await using DaemonUnderTest daemon = await StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, ClientAddress());

        await client.SendAsync("GET / HTTP/1.1\r\nHost: mx.test.example\r\nUser-Agent: test\r\n\r\n");

        Assert.Equal($"521 5.7.1 mx.test.example Service unavailable; client [{client.LocalEndPoint.Address}] non-SMTP command GET",
            (await client.ReadReplyAsync()).ToString());
        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task Curl_GetsTheDropAndTheConnectionClosed()
    {
        await using DaemonUnderTest daemon = await StartAsync();

        ProcessResult curl = await RunCurlAsync($"http://{daemon.SmtpEndPoint}/", "--interface", ClientAddress().ToString());

        // curl reads the banner and the 521 as an HTTP/0.9 body, which it refuses to show: exit 1 or 8, never a hang.
        Assert.True(curl.ExitCode is 1 or 8, curl.ToString());
    }

    [Fact]
    public async Task CommandsPipelinedAfterEhlo_AreRefusedAtRcpt()
    {
        await using DaemonUnderTest daemon = await StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, ClientAddress());

        await client.SendAsync("EHLO client.example\r\nMAIL FROM:<a@client.example>\r\n");
        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        ParsedReply rcpt = await client.CommandAsync("RCPT TO:<b@example.org>");

        Assert.Equal($"554 5.7.1 Service unavailable; client [{client.LocalEndPoint.Address}] pipelined commands after EHLO", rcpt.ToString());
    }

    [Fact]
    public async Task Swaks_ACorrectPipeliningClient_IsNotFlagged()
    {
        await using DaemonUnderTest daemon = await StartAsync();

        ProcessResult swaks = await Swaks.RunAsync(daemon.SmtpEndPoint, "--pipeline", "--local-interface", ClientAddress().ToString(),
            "--from", "a@example.net", "--to", "b@example.org", "--helo", "client.example");

        // MAIL, RCPT and DATA in one group after the EHLO reply: relayed (here: the unreachable backend's 451), not refused.
        string transcript = SwaksTranscript.From(swaks.StandardOutput);
        Assert.Contains("C: MAIL FROM:<a@example.net>", transcript, StringComparison.Ordinal);
        Assert.Contains($"S: {SmtpReplies.BackendUnavailable}", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("554 5.7.1", transcript, StringComparison.Ordinal);
    }

    private static Task<DaemonUnderTest> StartAsync(params (string Key, string? Value)[] overrides) =>
        DaemonUnderTest.StartAsync([.. DaemonUnderTest.LoopbackNotAllowed, ("ReverseDns:Enabled", "false"), ("Helo:Enabled", "false"), .. overrides]);

    /// <summary>A loopback client outside the test allowlist; a random one, so no two tests share pass-cache state.</summary>
    private static IPAddress ClientAddress() => new([127, 0, (byte)Random.Shared.Next(10, 200), (byte)Random.Shared.Next(1, 255)]);

    private static async Task<ProcessResult> RunCurlAsync(params string[] arguments)
    {
        using ChildProcess child = ChildProcess.Start("curl", ["--silent", "--show-error", "--max-time", "10", .. arguments], new Dictionary<string, string?>());
        return await child.WaitForExitAsync(TimeSpan.FromSeconds(20));
    }
}
