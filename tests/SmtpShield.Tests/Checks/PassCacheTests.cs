using System.Net;
using Microsoft.Extensions.Options;
using SmtpShield.Tests.Fakes;
using SmtpShield.Verdicts;

namespace SmtpShield.Tests.Checks;

/// <summary>
/// The pass cache (postscreen's "PASS OLD"): a client that passed is spared the checks for Policy:PassCacheTtl;
/// the cache never holds more than Policy:PassCacheSize clients, dropping the expired first, then the oldest.
/// </summary>
public sealed class PassCacheTests
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromHours(1);

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void RememberedClient_HasPassedUntilTheTtlRunsOut()
    {
        MemoryVerdictCache cache = Create();
        cache.RememberPass(Client(1));

        bool justBefore = At(s_ttl - TimeSpan.FromSeconds(1), () => cache.HasPassed(Client(1)));
        bool atTtl = At(TimeSpan.FromSeconds(1), () => cache.HasPassed(Client(1)));

        Assert.Equal((true, false), (justBefore, atTtl));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void UnknownClient_HasNotPassed()
    {
        MemoryVerdictCache cache = Create();
        cache.RememberPass(Client(1));

        Assert.False(cache.HasPassed(Client(2)));
    }

    [Fact]
    public void PassingAgain_StartsTheTtlAfresh()
    {
        MemoryVerdictCache cache = Create();
        cache.RememberPass(Client(1));
        _clock.Advance(s_ttl / 2);
        cache.RememberPass(Client(1));

        _clock.Advance(s_ttl * 3 / 4);

        Assert.True(cache.HasPassed(Client(1)));
    }

    [Theory]
    [InlineData("00:00:00", 100)]
    [InlineData("01:00:00", 0)]
    public void ZeroTtlOrZeroSize_RemembersNothing(string ttl, int size)
    {
        MemoryVerdictCache cache = Create(TimeSpan.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture), size);

        cache.RememberPass(Client(1));

        Assert.Equal((false, 0), (cache.HasPassed(Client(1)), cache.Count));
    }

    [Fact]
    public void FullCache_NeverHoldsMoreThanItsSize_AndKeepsTheNewest()
    {
        MemoryVerdictCache cache = Create(s_ttl, size: 4);
        var sizes = new List<int>();

        for (int i = 1; i <= 20; i++)
        {
            cache.RememberPass(Client(i));
            sizes.Add(cache.Count);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.All(sizes, size => Assert.InRange(size, 1, 4));
        Assert.True(cache.HasPassed(Client(20)));
        Assert.True(cache.HasPassed(Client(19)));
        Assert.False(cache.HasPassed(Client(1)));
    }

    [Fact]
    public void FullCache_DropsTheOldestHalfWhenNothingHasExpired()
    {
        MemoryVerdictCache cache = Create(s_ttl, size: 4);
        foreach (int i in new[] { 1, 2, 3, 4 })
        {
            cache.RememberPass(Client(i));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        cache.RememberPass(Client(5));

        Assert.Equal("3 4 5", Remembered(cache, 1, 2, 3, 4, 5));
    }

    [Fact]
    public void FullCache_DropsTheExpiredFirst_AndKeepsEveryLiveEntry()
    {
        MemoryVerdictCache cache = Create(s_ttl, size: 4);
        cache.RememberPass(Client(1));
        cache.RememberPass(Client(2));
        _clock.Advance(s_ttl);
        cache.RememberPass(Client(3));
        cache.RememberPass(Client(4));

        cache.RememberPass(Client(5));

        Assert.Equal("3 4 5", Remembered(cache, 1, 2, 3, 4, 5));
        Assert.Equal(3, cache.Count);
    }

    private static IPAddress Client(int n) => new([192, 0, 2, (byte)n]);

    private static string Remembered(MemoryVerdictCache cache, params int[] clients) =>
        string.Join(' ', clients.Where(n => cache.HasPassed(Client(n))));

    private MemoryVerdictCache Create() => Create(s_ttl, 100);

    private MemoryVerdictCache Create(TimeSpan ttl, int size) =>
        new(Options.Create(new PolicyOptions { PassCacheTtl = ttl, PassCacheSize = size }), _clock);

    private T At<T>(TimeSpan advance, Func<T> read)
    {
        _clock.Advance(advance);
        return read();
    }
}
