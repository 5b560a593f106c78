using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmtpShield.Blocklist.Store;
using SmtpShield.Callouts;
using SmtpShield.Tests.Fakes;

namespace SmtpShield.Tests.Callouts;

/// <summary>
/// The callout cache on a real SQLite store and a clock the test moves: accepted senders a day, refused
/// ones two hours, domain records three hours; unknown results never; a restart keeps what is remembered.
/// </summary>
public sealed class CalloutCacheTests : IAsyncDisposable
{
    private readonly string _database = Path.Combine(Directory.CreateTempSubdirectory("smtpshield-callouts-").FullName, "blocklist.db");
    private readonly ManualTimeProvider _clock = new();
    private readonly List<BlocklistWriter> _writers = [];

    [Fact]
    public void AcceptedSender_IsRememberedForCacheAcceptedFor()
    {
        CalloutCache cache = Open();
        cache.Remember("alice@Example.ORG", Accepted());

        _clock.Advance(TimeSpan.FromHours(23));
        CalloutResult? withinTheDay = cache.Find("alice@example.org");
        _clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal((CalloutOutcome.Accepted, true), (withinTheDay?.Outcome, withinTheDay?.FromCache));
        Assert.Null(cache.Find("alice@example.org"));
    }

    [Fact]
    public void RefusedSender_IsRememberedForCacheRejectedFor_AndOnlyThatAddress()
    {
        CalloutCache cache = Open();
        cache.Remember("bob@example.org", CalloutResult.Rejected("550 5.1.1 no such user"));

        Assert.Equal(CalloutOutcome.Rejected, cache.Find("bob@example.org")?.Outcome);
        Assert.Null(cache.Find("Bob@example.org")); // the local part is the callee's to interpret
        Assert.Null(cache.Find("carol@example.org"));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Null(cache.Find("bob@example.org"));
    }

    [Fact]
    public void UnknownResult_IsNotRemembered()
    {
        CalloutCache cache = Open();
        cache.Remember("carol@example.org", CalloutResult.Unknown("450 4.7.1 greylisted"));

        Assert.Null(cache.Find("carol@example.org"));
    }

    [Fact]
    public void DomainThatRefusesTheNullSender_SkipsCalloutsToAllItsSenders()
    {
        CalloutCache cache = Open();
        cache.Remember("alice@nobounce.test", CalloutResult.Unknown("550 no bounces") with { RefusesNullSender = true });

        CalloutResult? other = cache.Find("dave@NoBounce.test");
        _clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal(CalloutOutcome.Unknown, other?.Outcome);
        Assert.Contains("no callouts", other?.Detail, StringComparison.Ordinal);
        Assert.Null(cache.Find("dave@nobounce.test"));
    }

    [Fact]
    public void DomainThatAcceptsEveryRecipient_OneProbeCoversAllItsSenders()
    {
        CalloutCache cache = Open();
        cache.Remember("alice@catchall.test", Accepted() with { AcceptsAnyRecipient = true });

        Assert.Equal(CalloutOutcome.Accepted, cache.Find("anyone@catchall.test")?.Outcome);
    }

    [Fact]
    public async Task Restart_KeepsWhatIsRemembered_AndPurgeDropsWhatExpired()
    {
        CalloutCache first = Open();
        first.Remember("alice@example.org", Accepted());
        first.Remember("bob@example.org", CalloutResult.Rejected("550 5.1.1 no such user"));
        await CloseAllAsync();

        CalloutCache second = Open();
        Assert.Equal((2, CalloutOutcome.Accepted, CalloutOutcome.Rejected), (second.Count, second.Find("alice@example.org")?.Outcome, second.Find("bob@example.org")?.Outcome));

        _clock.Advance(TimeSpan.FromHours(3));
        await second.PurgeAsync();
        await CloseAllAsync();
        CalloutCache third = Open();
        Assert.Equal((1, null), (third.Count, third.Find("bob@example.org")?.Outcome));
        Assert.Equal(["alice@example.org"], _writers[^1].Store.LoadCallouts(DateTimeOffset.MinValue).Select(c => c.Key)); // purged from the file too
    }

    [Fact]
    public void AtMaxCacheEntries_NewResultsAreNotRemembered()
    {
        CalloutCache cache = Open(new CalloutOptions { MaxCacheEntries = 1 });
        cache.Remember("alice@example.org", Accepted());
        cache.Remember("bob@example.org", CalloutResult.Rejected("550"));

        Assert.Equal((1, null), (cache.Count, cache.Find("bob@example.org")?.Outcome));
    }

    public async ValueTask DisposeAsync() => await CloseAllAsync();

    private static CalloutResult Accepted() => new(CalloutOutcome.Accepted, "250 2.1.5 Ok", "mx.example.org");

    private CalloutCache Open(CalloutOptions? options = null)
    {
        var writer = new BlocklistWriter(BlocklistStore.Open(_database), NullLogger.Instance);
        _writers.Add(writer);
        var cache = new CalloutCache(Options.Create(options ?? new CalloutOptions()), _clock);
        cache.Open(writer);
        return cache;
    }

    // Disposing a writer waits for its queued writes: the next Open reads them.
    private async Task CloseAllAsync()
    {
        foreach (BlocklistWriter writer in _writers)
        {
            await writer.DisposeAsync();
        }

        _writers.Clear();
    }
}
