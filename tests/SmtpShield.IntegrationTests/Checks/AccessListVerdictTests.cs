using System.Net;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// Policy:Allow and Policy:Deny decide at accept, before any lookup: an allowed client is let through
/// even if a DNSBL lists it, a denied one is refused at RCPT TO, and neither costs a DNS query.
/// </summary>
public class AccessListVerdictTests(TestDnsblServer dnsbl) : IClassFixture<TestDnsblServer>
{
    private readonly Rbldnsd _server = dnsbl.Server;

    [Fact]
    public async Task AllowedClient_IsLetThroughWithoutAskingAnyList()
    {
        IPAddress client = TestClients.Next(Listing.Blocked);
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, ["bl.test*3"], ("Policy:Allow:2", client.ToString())));

        ParsedReply reply = await DaemonWithChecks.RcptReplyAsync(daemon, client);

        await _server.SyncLogAsync();
        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), reply.ToString());
        Assert.Equal(0, _server.CountQueries(ReversedIn(client, "bl.test"), "A"));
    }

    [Fact]
    public async Task DeniedClient_IsRefusedAtRcptWithoutAskingAnyList()
    {
        IPAddress client = TestClients.Next(Listing.Nowhere);
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, ["bl.test*3"], ("Policy:Deny:0", $"{client}/32")));

        ParsedReply reply = await DaemonWithChecks.RcptReplyAsync(daemon, client);

        await _server.SyncLogAsync();
        Assert.Equal($"554 5.7.1 Service unavailable; client [{client}] on the deny list", reply.ToString());
        Assert.Equal(0, _server.CountQueries(ReversedIn(client, "bl.test"), "A"));
    }

    [Fact]
    public async Task ClientBothAllowedAndDenied_IsAllowed()
    {
        IPAddress client = TestClients.Next(Listing.Nowhere);
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            DaemonWithChecks.Settings(_server.Server, ["bl.test*3"], ("Policy:Allow:2", client.ToString()), ("Policy:Deny:0", "127.0.0.0/8")));

        ParsedReply reply = await DaemonWithChecks.RcptReplyAsync(daemon, client);

        Assert.Equal(SmtpReplies.BackendUnavailable.ToString(), reply.ToString());
    }

    private static string ReversedIn(IPAddress client, string zone) => $"{string.Join('.', client.GetAddressBytes().Reverse())}.{zone}";
}
