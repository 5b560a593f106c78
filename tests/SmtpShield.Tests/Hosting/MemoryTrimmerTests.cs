using SmtpShield.Hosting;

namespace SmtpShield.Tests.Hosting;

/// <summary>When the GC holds more than half as much again as the live heap (and 64 MiB spare) and the burst is over, one aggressive collection gives it back.</summary>
public sealed class MemoryTrimmerTests
{
    private const long MiB = 1L << 20;

    [Theory]
    [InlineData(320, 190, true)] // 130 MiB spare, more than half the 190 found
    [InlineData(270, 190, false)] // 80 MiB spare, less than half
    [InlineData(100, 20, true)] // 80 MiB spare: above the 64 MiB floor and the 20 alive
    [InlineData(80, 20, false)] // 60 MiB spare: below the floor
    [InlineData(40, 40, false)]
    public void Trims_OnlyWhenTheSpareIsLargerThanTheLiveHeapAndTheFloor(long committedMiB, long liveMiB, bool expected) =>
        Assert.Equal(expected, MemoryTrimmer.IsWorthTrimming(committedMiB * MiB, liveMiB * MiB, allocatedSinceLastCheck: 10 * MiB));

    [Theory]
    [InlineData(10, true)]
    [InlineData(63, true)]
    [InlineData(64, false)] // still arriving: a trim now would find the burst's own objects alive
    [InlineData(500, false)]
    public void Trims_OnlyOnceTheBurstIsOver(long allocatedMiB, bool expected) =>
        Assert.Equal(expected, MemoryTrimmer.IsWorthTrimming(400 * MiB, 150 * MiB, allocatedMiB * MiB));
}
