using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SmtpShield.Checks;
using SmtpShield.Checks.ReverseDns;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// Forward-confirmed reverse DNS against dnsmasq (<see cref="TestReverseDnsServer"/>): the client's PTR
/// names, then each name's addresses, looking for the client. The check scores what it finds (defaults:
/// missing 1, unconfirmed 0.5, generic name 1): imperfect reverse DNS is suspicious, not damning.
/// </summary>
public class ReverseDnsTests(TestReverseDnsServer dns) : IClassFixture<TestReverseDnsServer>
{
    private readonly Dnsmasq _server = dns.Server;

    [Theory]
    [InlineData("127.8.0.1", "Confirmed", "mail.rdns.test", "mail.rdns.test")]
    [InlineData("127.8.0.2", "Unconfirmed", null, "liar.rdns.test")]
    [InlineData("127.8.0.3", "Missing", null, "")]
    [InlineData("127.8.0.4", "Confirmed", "127-8-0-4.dyn.rdns.test", "127-8-0-4.dyn.rdns.test")]
    [InlineData("127.8.0.5", "Unconfirmed", null, "127-8-0-5.pool.rdns.test")]
    [InlineData("127.8.0.6", "Confirmed", "mail6.rdns.test", "mail6.rdns.test other.rdns.test")]
    [InlineData("127.9.0.1", "PermanentError", null, "")]
    public async Task Lookup_FindsThePtrNamesAndTheOneThatResolvesBack(string client, string status, string? verified, string ptrNames)
    {
        var lookup = new ReverseDnsLookup(TestChecks.Resolver(_server.Server));

        ReverseDnsResult result = await lookup.LookupAsync(IPAddress.Parse(client), CancellationToken.None);

        Assert.Equal(
            (Enum.Parse<ReverseDnsStatus>(status), verified, ptrNames),
            (result.Status, result.VerifiedName, string.Join(' ', result.PtrNames.Order(StringComparer.Ordinal))));
    }

    [Fact]
    public async Task Lookup_OfAClientWithManyPtrNames_FollowsAtMostTenOfThem()
    {
        // A hostile PTR set must not make one connection cost dozens of queries.
        var lookup = new ReverseDnsLookup(TestChecks.Resolver(_server.Server));

        ReverseDnsResult result = await lookup.LookupAsync(IPAddress.Parse("127.8.0.7"), CancellationToken.None);

        await _server.SyncLogAsync();
        Func<string, bool> many = name => name.StartsWith("many", StringComparison.Ordinal);
        Assert.Equal(ReverseDnsStatus.Unconfirmed, result.Status);
        Assert.Equal(ReverseDnsLookup.MaxNamesChecked, result.PtrNames.Count);
        Assert.Equal((10, 10), (_server.CountQueries(many, "A"), _server.CountQueries(many, "AAAA")));
    }

    [Fact]
    public async Task Lookup_ServerThatNeverAnswers_IsATemporaryError()
    {
        using Socket blackHole = Loopback.BlackHole();
        var lookup = new ReverseDnsLookup(TestChecks.Resolver(blackHole.LocalEndPoint!.ToString()!));

        ReverseDnsResult result = await lookup.LookupAsync(IPAddress.Parse("127.8.0.1"), CancellationToken.None);

        Assert.Equal(ReverseDnsStatus.TemporaryError, result.Status);
    }

    [Theory]
    [InlineData("127.8.0.1", "Pass", 0, "mail.rdns.test")]
    [InlineData("127.8.0.2", "Pass", 0.5, "PTR liar.rdns.test does not resolve back to the client")]
    [InlineData("127.8.0.3", "Pass", 1, "no PTR record")]
    [InlineData("127.8.0.4", "Pass", 1, "generic reverse name 127-8-0-4.dyn.rdns.test")]
    [InlineData("127.8.0.5", "Pass", 1.5, "PTR 127-8-0-5.pool.rdns.test does not resolve back to the client")]
    [InlineData("127.8.0.6", "Pass", 0, "mail6.rdns.test")]
    [InlineData("127.9.0.1", "Pass", 1, "reverse DNS lookup failed")]
    public async Task Check_ScoresWhatTheLookupFound(string client, string outcome, double score, string reason)
    {
        CheckResult result = await CheckAsync(_server.Server, IPAddress.Parse(client));

        Assert.Equal(new CheckResult("rdns", Enum.Parse<CheckOutcome>(outcome), score, reason), result);
    }

    [Fact]
    public async Task Check_LookupThatTimesOut_IsATemporaryFailure()
    {
        using Socket blackHole = Loopback.BlackHole();

        CheckResult result = await CheckAsync(blackHole.LocalEndPoint!.ToString()!, IPAddress.Parse("127.8.0.1"));

        Assert.Equal(CheckResult.TemporaryFailure("rdns", "reverse DNS lookup failed temporarily"), result);
    }

    [Fact]
    public async Task Check_ConfiguredPatternsReplaceTheDefaults()
    {
        var options = new ReverseDnsOptions { GenericPatterns = { @"^mail\." } };

        CheckResult pooled = await CheckAsync(_server.Server, IPAddress.Parse("127.8.0.4"), options);
        CheckResult mail = await CheckAsync(_server.Server, IPAddress.Parse("127.8.0.1"), options);

        Assert.Equal((0d, 1d), (pooled.Score, mail.Score));
    }

    private static async Task<CheckResult> CheckAsync(string server, IPAddress client, ReverseDnsOptions? options = null)
    {
        CheckSubject subject = TestChecks.Subject(client);
        subject.ReverseDns = new ReverseDnsLookup(TestChecks.Resolver(server)).LookupAsync(client, CancellationToken.None);
        return await new ReverseDnsCheck(Options.Create(options ?? new ReverseDnsOptions())).RunAsync(subject, CancellationToken.None);
    }
}
