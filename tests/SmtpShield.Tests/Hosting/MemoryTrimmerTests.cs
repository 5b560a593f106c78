using SmtpShield.Hosting;

namespace SmtpShield.Tests.Hosting;

/// <summary>
/// When the GC holds more than half as much again as the heap (and 64 MiB spare), or the heap grew that much
/// since the last full collection, and the burst is over, one aggressive collection gives it back.
/// </summary>
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
        Assert.Equal(expected, MemoryTrimmer.IsWorthTrimming(committedMiB * MiB, liveMiB * MiB, heapAfterLastFullBytes: liveMiB * MiB, allocatedSinceLastCheck: 10 * MiB));

    [Theory]
    [InlineData(10, true)]
    [InlineData(63, true)]
    [InlineData(64, false)] // still arriving: a trim now would find the burst's own objects alive
    [InlineData(500, false)]
    public void Trims_OnlyOnceTheBurstIsOver(long allocatedMiB, bool expected) =>
        Assert.Equal(expected, MemoryTrimmer.IsWorthTrimming(400 * MiB, 150 * MiB, 150 * MiB, allocatedMiB * MiB));

    [Theory]
    [InlineData(331, 322, 50, true)] // measured: 268 MiB of a burst's dead state promoted to gen1, no spare to see
    [InlineData(331, 322, 300, false)] // the last full collection found it all alive: no second trim
    [InlineData(100, 100, 0, true)] // never a full collection yet, 100 MiB heap
    [InlineData(60, 60, 0, false)] // a small heap never trims
    [InlineData(200, 190, 130, false)] // grown 60 MiB: less than the 64 MiB floor and half the 130 of the last full collection
    public void Trims_WhenTheHeapGrewMuchSinceTheLastFullCollection(long committedMiB, long heapMiB, long lastFullMiB, bool expected) =>
        Assert.Equal(expected, MemoryTrimmer.IsWorthTrimming(committedMiB * MiB, heapMiB * MiB, lastFullMiB * MiB, allocatedSinceLastCheck: 10 * MiB));
}
