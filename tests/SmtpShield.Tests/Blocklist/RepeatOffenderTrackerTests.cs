using SmtpShield.Blocklist;
using static SmtpShield.Tests.Blocklist.NetworkKeyTests;

namespace SmtpShield.Tests.Blocklist;

/// <summary>Escalation as fail2ban's bantime.increment: Ttl, then ×factor per repeat, capped, jittered.</summary>
public sealed class RepeatOffenderTrackerTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 600)]
    [InlineData(2, 1200)]
    [InlineData(3, 2400)]
    [InlineData(10, 86400)]
    [InlineData(100, 86400)]
    public void EachRepeat_DoublesTheBlock_UpToTheMaximum(int offences, double seconds)
    {
        var tracker = new RepeatOffenderTracker(Options(jitter: 0), () => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(seconds), tracker.BlockFor(offences));
    }

    [Theory]
    [InlineData(0.0, 540)]
    [InlineData(0.5, 600)]
    [InlineData(1.0, 660)]
    public void Jitter_VariesTheBlockBothWays(double random, double seconds)
    {
        var tracker = new RepeatOffenderTracker(Options(jitter: 0.1), () => random);

        Assert.Equal(seconds, tracker.BlockFor(1).TotalSeconds, precision: 6);
    }

    [Fact]
    public void Jitter_NeverTakesTheBlockAboveTheMaximum()
    {
        var tracker = new RepeatOffenderTracker(Options(jitter: 0.5), () => 1.0);

        Assert.Equal(TimeSpan.FromDays(1), tracker.BlockFor(20));
    }

    [Fact]
    public void OffencesWithinMemory_Count_OlderOnesAreForgotten()
    {
        var tracker = new RepeatOffenderTracker(Options(jitter: 0), () => 0.5);
        var client = Key("192.0.2.7");

        Assert.Equal(1, tracker.Offend(client, s_now).Offences);
        Assert.Equal(2, tracker.Offend(client, s_now.AddDays(1)).Offences);
        Assert.Equal(1, tracker.Offend(client, s_now.AddDays(40)).Offences);
        Assert.Empty(tracker.ForgetStale(s_now.AddDays(41)));
        Assert.Equal([client], tracker.ForgetStale(s_now.AddDays(71)));
        Assert.Equal(0, tracker.Count);
    }

    private static BlocklistOptions Options(double jitter) => new()
    {
        Ttl = TimeSpan.FromMinutes(10),
        MaxTtl = TimeSpan.FromDays(1),
        EscalationFactor = 2,
        Jitter = jitter,
        OffenceMemory = TimeSpan.FromDays(30),
    };
}
