using Microsoft.Extensions.Logging.Abstractions;
using SmtpShield.Blocklist;
using SmtpShield.Blocklist.Firewall;
using static SmtpShield.Tests.Blocklist.Firewall.Blocks;

namespace SmtpShield.Tests.Blocklist.Firewall;

/// <summary>
/// The iptables/route driver around its tool: a batch the tool refuses (a rule someone else deleted) is
/// followed at once by a rebuild of the whole list, and a failure of that too is reported to the batcher
/// (which retries) with everything still wanted.
/// </summary>
public class InstallingFirewallTests
{
    [Fact]
    public async Task ResyncThenBatch_IsOneRebuildThenOneIncrementalInstall()
    {
        var tool = new RecordingInstaller();
        var driver = new InstallingFirewall(tool, NullLogger<InstallingFirewall>.Instance);

        await driver.ReplaceAllAsync([Element("192.0.2.7", 600)], CancellationToken.None);
        await driver.ApplyAsync([Add("192.0.2.8", 600), Add("192.0.2.7", 900), Remove("192.0.2.99")], CancellationToken.None);

        Assert.Equal(["rebuild 192.0.2.7", "install +192.0.2.8"], tool.Calls);
        Assert.False(driver.ExpiresInKernel);
    }

    [Fact]
    public async Task RefusedBatch_IsFollowedByARebuildOfEverything()
    {
        var tool = new RecordingInstaller();
        var driver = new InstallingFirewall(tool, NullLogger<InstallingFirewall>.Instance);
        await driver.ReplaceAllAsync([Element("192.0.2.7", 600), Element("192.0.2.8", 600)], CancellationToken.None);
        tool.RefuseInstalls = true;

        await driver.ApplyAsync([Remove("192.0.2.8")], CancellationToken.None);

        Assert.Equal(["rebuild 192.0.2.7 192.0.2.8", "install -192.0.2.8 (refused)", "rebuild 192.0.2.7"], tool.Calls);
    }

    [Fact]
    public async Task FailedRebuild_IsReported_AndTheNextBatchRebuildsWithEverythingWanted()
    {
        var tool = new RecordingInstaller { RefuseRebuilds = true };
        var driver = new InstallingFirewall(tool, NullLogger<InstallingFirewall>.Instance);

        await Assert.ThrowsAsync<FirewallCommandException>(() => driver.ReplaceAllAsync([Element("192.0.2.7")], CancellationToken.None));
        tool.RefuseRebuilds = false;
        await driver.ApplyAsync([Add("192.0.2.8", 600)], CancellationToken.None);

        Assert.Equal(["rebuild 192.0.2.7 (refused)", "rebuild 192.0.2.7 192.0.2.8"], tool.Calls);
    }

    private sealed class RecordingInstaller : IBlockInstaller
    {
        public List<string> Calls { get; } = [];

        public bool RefuseInstalls { get; set; }

        public bool RefuseRebuilds { get; set; }

        public string Name => "test";

        public Task InstallAsync(IReadOnlyList<NetworkKey> added, IReadOnlyList<NetworkKey> removed, CancellationToken cancellationToken) =>
            Record("install " + string.Join(' ', removed.Select(n => $"-{n}").Concat(added.Select(n => $"+{n}"))), RefuseInstalls);

        public Task RebuildAsync(IReadOnlyCollection<NetworkKey> all, CancellationToken cancellationToken) =>
            Record("rebuild " + string.Join(' ', all.Select(n => n.ToString()).Order(StringComparer.Ordinal)), RefuseRebuilds);

        private Task Record(string call, bool refuse)
        {
            Calls.Add(refuse ? call + " (refused)" : call);
            return refuse ? Task.FromException(new FirewallCommandException("refused")) : Task.CompletedTask;
        }
    }
}
