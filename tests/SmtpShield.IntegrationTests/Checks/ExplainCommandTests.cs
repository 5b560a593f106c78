using System.Net;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// `smtpshield explain` as an admin runs it: the real binary, the real checks against a real DNSBL,
/// each check's result and the verdict printed, with the reply the client would get.
/// </summary>
public sealed class ExplainCommandTests(TestDnsblServer dns) : IClassFixture<TestDnsblServer>
{
    [Fact]
    public async Task ListedClient_IsExplainedWithTheZoneTheReasonAndTheReply()
    {
        IPAddress client = TestClients.Next(Listing.Blocked);

        ProcessResult result = await DaemonProcess.RunToExitAsync(
            Settings(), "explain", "--ip", client.ToString(), "--helo", "client.example", "--from", "a@example.net");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"client   [{client}] helo=client.example from=<a@example.net>", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("check    dnsbl    fail", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("verdict  reject", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(
            $"reply    at RCPT TO: 554 5.7.1 Service unavailable; client [{client}] blocked using bl.test; Listed by bl.test: see https://bl.test/{client}",
            result.StandardOutput,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnlistedClient_IsExplainedAsPassing()
    {
        IPAddress client = TestClients.Next(Listing.Nowhere);

        ProcessResult result = await DaemonProcess.RunToExitAsync(Settings(), "explain", "--ip", client.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("check    dnsbl    pass", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("verdict  relay", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientOnTheAllowList_IsExplainedWithoutAnyLookup()
    {
        // The embedded default allowlists loopback: nothing is asked of the DNS server.
        ProcessResult result = await DaemonProcess.RunToExitAsync([("Dns__Servers__0", dns.Server.Server)], "explain", "--ip", "127.0.0.1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("checks   none run: client on the allow list", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAnAddress_IsAClearError()
    {
        ProcessResult result = await DaemonProcess.RunToExitAsync("explain", "--ip", "mail.example.org");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("smtpshield: 'mail.example.org' is not an IP address", result.StandardError, StringComparison.Ordinal);
    }

    private (string Key, string Value)[] Settings() =>
        [.. DaemonWithChecks.Settings(dns.Server.Server, ["bl.test*3"]).Select(s => (s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value!))];
}
