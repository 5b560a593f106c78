using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmtpShield.Checks;
using SmtpShield.Checks.Dnsbl;
using SmtpShield.Verdicts;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// The DNSBL check against rbldnsd (<see cref="TestLists"/>): a listing fails the check with the zone's
/// weight and the list's own TXT reason; filters and weights follow postscreen_dnsbl_sites; an error code
/// is never a listing; an allowlist vouches; a list that cannot be asked is a temporary failure.
/// </summary>
public class DnsblCheckTests(TestDnsblServer dnsbl) : IClassFixture<TestDnsblServer>
{
    private readonly Rbldnsd _server = dnsbl.Server;

    [Fact]
    public async Task ListedClient_FailsWithTheZonesWeightAndTheListsReason()
    {
        IPAddress client = TestClients.Next(Listing.Blocked);
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test*3");

        CheckResult result = await check.RunAsync(TestChecks.Subject(client), CancellationToken.None);

        Assert.Equal(
            new CheckResult("dnsbl", CheckOutcome.Fail, 3, $"blocked using bl.test; Listed by bl.test: see https://bl.test/{client}", CheckAction.Enforce),
            result);
    }

    [Fact]
    public async Task QueryTxtOff_RejectsNamingTheZone_WithoutAskingForTheReason()
    {
        IPAddress client = TestClients.Next(Listing.Blocked);
        DnsblCheck check = TestChecks.Dnsbl(TestChecks.Resolver(_server.Server), new DnsblOptions { QueryTxt = false }, "bl.test*3");

        CheckResult result = await check.RunAsync(TestChecks.Subject(client), CancellationToken.None);

        Assert.Equal(new CheckResult("dnsbl", CheckOutcome.Fail, 3, "blocked using bl.test", CheckAction.Enforce), result);
        await _server.SyncLogAsync();
        string name = $"{string.Join('.', client.GetAddressBytes().Reverse())}.bl.test";
        Assert.Equal(1, _server.CountQueries(name, "A"));
        Assert.Equal(0, _server.CountQueries(name, "TXT"));
    }

    [Fact]
    public async Task UnlistedClient_PassesWithScoreZero()
    {
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test*3");

        CheckResult result = await check.RunAsync(TestChecks.Subject(TestClients.Next(Listing.Nowhere)), CancellationToken.None);

        Assert.Equal(new CheckResult("dnsbl", CheckOutcome.Pass, 0, null), result);
    }

    [Theory]
    [InlineData("127.0.0.2", "Fail")]
    [InlineData("127.0.0.1", "Pass")]
    public async Task Rfc5782TestEntries_127_0_0_2_IsListedAnd127_0_0_1_IsNot(string client, string outcome)
    {
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test*3");

        CheckResult result = await check.RunAsync(TestChecks.Subject(IPAddress.Parse(client)), CancellationToken.None);

        Assert.Equal(Enum.Parse<CheckOutcome>(outcome), result.Outcome);
    }

    [Fact]
    public async Task ErrorCodeAnswer_IsATemporaryFailure_NeverAListing()
    {
        // Spamhaus answers 127.255.255.254 to queries through public resolvers: taken as a listing, it
        // rejected every client of every site with a misconfigured resolver.
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test*3");

        CheckResult result = await check.RunAsync(TestChecks.Subject(TestClients.Next(Listing.ErrorCode)), CancellationToken.None);

        Assert.Equal(
            new CheckResult("dnsbl", CheckOutcome.TemporaryFailure, 0, "bl.test: answered 127.255.255.254, an error code, not a listing"),
            result);
    }

    // Threshold 3. Entries for one zone each count their weight once when any answer matches their filter.
    [Theory]
    [InlineData(Listing.Blocked, "Pass", 2, "listed by bl.test")]
    [InlineData(Listing.Code3, "Pass", 2, "listed by bl.test")]
    [InlineData(Listing.Codes4And10, "Fail", 5, "blocked using bl.test; Listed with code 4")]
    [InlineData(Listing.Nowhere, "Pass", 0, null)]
    [InlineData(Listing.ErrorCode, "TemporaryFailure", 0, "bl.test: answered 127.255.255.254, an error code, not a listing")]
    public async Task FiltersInPostscreenSyntax_ChooseTheWeight(Listing listing, string outcome, double score, string? reason)
    {
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test=127.0.0.[2..3]*2", "bl.test=127.0.0.[4;10]*5");

        CheckResult result = await check.RunAsync(TestChecks.Subject(TestClients.Next(listing)), CancellationToken.None);

        Assert.Equal(new CheckResult("dnsbl", Enum.Parse<CheckOutcome>(outcome), score, reason), result);
    }

    [Theory]
    [InlineData("bl.test=127.0.0.[2..10]*2|bl.test=127.0.0.[4;10]*5", Listing.Codes4And10, 7)]
    [InlineData("bl.test=127.0.0.4|bl.test=127.0.0.10", Listing.Codes4And10, 2)]
    [InlineData("bl.test=127.0.0.[0..255]*3", Listing.Codes4And10, 3)]
    [InlineData("bl.test=127.0.0.10*4", Listing.Codes4And10, 4)]
    [InlineData("bl.test=127.0.0.4", Listing.Code3, 0)]
    [InlineData("bl.test=127.0.[1..255].2*9", Listing.Blocked, 0)]
    [InlineData("bl.test", Listing.Codes4And10, 1)]
    public async Task EveryEntryWhoseFilterMatches_AddsItsWeightOnce(string entries, Listing listing, double score)
    {
        DnsblCheck check = TestChecks.Dnsbl(TestChecks.Resolver(_server.Server), new DnsblOptions { Threshold = 100 }, entries.Split('|'));

        CheckResult result = await check.RunAsync(TestChecks.Subject(TestClients.Next(listing)), CancellationToken.None);

        Assert.Equal(score, result.Score);
    }

    [Theory]
    [InlineData(Listing.Allowlisted, "Allowlisted", -2, "allowlisted by wl.test")]
    [InlineData(Listing.BlockedAndAllowlisted, "Pass", 1, "listed by bl.test")]
    [InlineData(Listing.Blocked, "Fail", 3, "blocked using bl.test; Listed by bl.test: see https://bl.test/{client}")]
    [InlineData(Listing.Nowhere, "Pass", 0, null)]
    public async Task Dnswl_NegativeWeightAtOrBelowAllowlistThreshold_Allowlists(Listing listing, string outcome, double score, string? reason)
    {
        IPAddress client = TestClients.Next(listing);
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test*3", "wl.test=127.0.[0..255].[1..3]*-2");

        CheckResult result = await check.RunAsync(TestChecks.Subject(client), CancellationToken.None);

        Assert.Equal(new CheckResult("dnsbl", Enum.Parse<CheckOutcome>(outcome), score, reason?.Replace("{client}", client.ToString(), StringComparison.Ordinal)), result);
    }

    [Theory]
    [InlineData(-1, "Allowlisted")]
    [InlineData(-2, "Allowlisted")]
    [InlineData(-3, "Pass")]
    public async Task AllowlistThreshold_IsInclusive(int allowlistThreshold, string outcome)
    {
        DnsblCheck check = TestChecks.Dnsbl(
            TestChecks.Resolver(_server.Server), new DnsblOptions { AllowlistThreshold = allowlistThreshold }, "wl.test=127.0.[0..255].[1..3]*-2");

        CheckResult result = await check.RunAsync(TestChecks.Subject(TestClients.Next(Listing.Allowlisted)), CancellationToken.None);

        Assert.Equal(Enum.Parse<CheckOutcome>(outcome), result.Outcome);
    }

    [Fact]
    public async Task AllowlistThresholdZero_DoesNotAllowlistAClientNobodyVouchesFor()
    {
        // postscreen_dnsbl_allowlist_threshold is 0 ("off") by default, so admins will write 0 here, and the
        // validator accepts it (it only has to be below Threshold). A client no list mentions scores 0: it
        // must pass like any unlisted client, not be "allowlisted by" a zone that never answered.
        DnsblCheck check = TestChecks.Dnsbl(
            TestChecks.Resolver(_server.Server), new DnsblOptions { AllowlistThreshold = 0 }, "bl.test*3", "wl.test=127.0.[0..255].[1..3]*-2");

        CheckResult result = await check.RunAsync(TestChecks.Subject(TestClients.Next(Listing.Nowhere)), CancellationToken.None);

        Assert.Equal(new CheckResult("dnsbl", CheckOutcome.Pass, 0, null), result);
    }

    [Fact]
    public async Task Ipv6Client_IsAskedByItsReversedNibbles()
    {
        var client = IPAddress.Parse("2001:db8:25::7");
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test*3");

        CheckResult result = await check.RunAsync(TestChecks.Subject(client), CancellationToken.None);

        // RFC 5782 §2.4: 32 nibbles, least significant first.
        await _server.SyncLogAsync();
        Assert.Equal(1, _server.CountQueries("7.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.5.2.0.0.8.b.d.0.1.0.0.2.bl.test", "A"));
        Assert.Equal(new CheckResult("dnsbl", CheckOutcome.Fail, 3, "blocked using bl.test; Listed by bl.test: see https://bl.test/2001:db8:25::7"), result);
    }

    [Fact]
    public async Task Ipv4MappedClient_IsAskedAsIpv4()
    {
        IPAddress client = TestClients.Next(Listing.Blocked);
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test*3");

        CheckResult result = await check.RunAsync(TestChecks.Subject(client.MapToIPv6()), CancellationToken.None);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
    }

    [Fact]
    public async Task ListingOverTheThreshold_WinsOverAZoneThatCannotBeAsked()
    {
        // rbldnsd refuses questions outside its zones: unserved.test can never be asked.
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test*3", "unserved.test*3");

        CheckResult listed = await check.RunAsync(TestChecks.Subject(TestClients.Next(Listing.Blocked)), CancellationToken.None);
        CheckResult clean = await check.RunAsync(TestChecks.Subject(TestClients.Next(Listing.Nowhere)), CancellationToken.None);

        Assert.Equal(CheckOutcome.Fail, listed.Outcome);
        Assert.Equal(new CheckResult("dnsbl", CheckOutcome.TemporaryFailure, 0, "unserved.test: lookup failed (Refused)"), clean);
    }

    [Fact]
    public async Task ServerThatNeverAnswers_IsATemporaryFailureWithinTheTimeout()
    {
        using Socket blackHole = Loopback.BlackHole();
        DnsblCheck check = TestChecks.Dnsbl(blackHole.LocalEndPoint!.ToString()!, "bl.test*3");
        var clock = Stopwatch.StartNew();

        CheckResult result = await check.RunAsync(TestChecks.Subject(TestClients.Next(Listing.Blocked)), CancellationToken.None);

        Assert.Equal(new CheckResult("dnsbl", CheckOutcome.TemporaryFailure, 0, "bl.test: lookup failed (Timeout)"), result);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task SecondClientFromTheSameAddress_IsAnsweredFromTheCache()
    {
        IPAddress client = TestClients.Next(Listing.Blocked);
        DnsblCheck check = TestChecks.Dnsbl(_server.Server, "bl.test*3");

        CheckResult first = await check.RunAsync(TestChecks.Subject(client), CancellationToken.None);
        CheckResult second = await check.RunAsync(TestChecks.Subject(client), CancellationToken.None);

        await _server.SyncLogAsync();
        string name = $"{string.Join('.', client.GetAddressBytes().Reverse())}.bl.test";
        Assert.Equal((1, 1), (_server.CountQueries(name, "A"), _server.CountQueries(name, "TXT")));
        Assert.Equal(first, second);
    }
}
