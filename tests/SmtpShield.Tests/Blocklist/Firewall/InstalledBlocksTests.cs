using SmtpShield.Blocklist;
using SmtpShield.Blocklist.Firewall;
using static SmtpShield.Tests.Blocklist.Firewall.Blocks;

namespace SmtpShield.Tests.Blocklist.Firewall;

/// <summary>
/// How the iptables and route drivers decide what a batch does: before the first rebuild and after any
/// failure they rebuild everything; otherwise a batch deletes only what they installed and adds only
/// what is not installed, and a refreshed timeout is nothing to do (their kernels hold no timeouts).
/// </summary>
public class InstalledBlocksTests
{
    [Fact]
    public void BeforeAnyRebuild_TheFirstBatchRebuilds()
    {
        var blocks = new InstalledBlocks();

        InstallPlan plan = blocks.Plan([Add("192.0.2.7", 600)]);

        Assert.Equal(InstallKind.Rebuild, plan.Kind);
        Assert.Equal([Net("192.0.2.7")], plan.Wanted);
    }

    [Fact]
    public void AfterARebuild_ABatchIsIncremental()
    {
        InstalledBlocks blocks = Installed("192.0.2.7", "198.51.100.0/24");

        InstallPlan plan = blocks.Plan([Add("192.0.2.8", 600), Remove("198.51.100.0/24")]);

        Assert.Equal(InstallKind.Incremental, plan.Kind);
        Assert.Equal([Net("192.0.2.8")], plan.Added);
        Assert.Equal([Net("198.51.100.0/24")], plan.Removed);
        Assert.Equal(Set("192.0.2.7", "192.0.2.8"), plan.Wanted);
    }

    [Fact]
    public void RemovalOfWhatIsNotInstalled_AndRefreshOfWhatIs_AreNothingToDo()
    {
        InstalledBlocks blocks = Installed("192.0.2.7");

        InstallPlan plan = blocks.Plan([Remove("192.0.2.99"), Add("192.0.2.7", 1200)]);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void AddedAndRemovedInOneBatch_CancelOut()
    {
        InstalledBlocks blocks = Installed();

        InstallPlan plan = blocks.Plan([Add("192.0.2.7", 600), Remove("192.0.2.7")]);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void AFailedIncrementalBatch_FallsBackToARebuildOfEverythingItWanted()
    {
        InstalledBlocks blocks = Installed("192.0.2.7", "192.0.2.8");
        InstallPlan failed = blocks.Plan([Remove("192.0.2.8"), Add("2001:db8:5::/64", 600)]);

        InstallPlan fallback = InstalledBlocks.Fallback(failed);

        Assert.Equal(InstallKind.Rebuild, fallback.Kind);
        Assert.Equal(Set("192.0.2.7", "2001:db8:5::/64"), fallback.Wanted);
    }

    [Fact]
    public void AfterAFailedRebuild_TheNextBatchRebuildsAgain_AndStillWantsWhatFailed()
    {
        var blocks = new InstalledBlocks();
        InstallPlan first = blocks.Plan([Add("192.0.2.7", 600)]);
        blocks.Failed(first);

        InstallPlan next = blocks.Plan([Add("192.0.2.8", 600)]);

        Assert.True(blocks.InDoubt);
        Assert.Equal(InstallKind.Rebuild, next.Kind);
        Assert.Equal(Set("192.0.2.7", "192.0.2.8"), next.Wanted);
    }

    [Fact]
    public void Replace_WantsExactlyTheGivenElements()
    {
        InstalledBlocks blocks = Installed("192.0.2.7");

        InstallPlan plan = InstalledBlocks.Replace([Element("198.51.100.0/24"), Element("192.0.2.9", 60)]);
        blocks.Succeeded(plan);

        Assert.Equal(Set("198.51.100.0/24", "192.0.2.9"), blocks.Installed);
    }

    private static InstalledBlocks Installed(params string[] networks)
    {
        var blocks = new InstalledBlocks();
        blocks.Succeeded(InstalledBlocks.Replace([.. networks.Select(n => Element(n))]));
        return blocks;
    }

    private static HashSet<NetworkKey> Set(params string[] networks) => [.. networks.Select(Net)];
}
