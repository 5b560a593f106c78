using System.Net;
using SmtpShield.Blocklist;
using SmtpShield.Blocklist.Firewall;
using SmtpShield.Blocklist.Store;
using static SmtpShield.Tests.Blocklist.NetworkKeyTests;

namespace SmtpShield.Tests.Blocklist;

/// <summary>The blocklist's rules, each through the index, the store and what the firewall was told.</summary>
public sealed class ClientBlocklistTests
{
    private static readonly IPAddress s_client = IPAddress.Parse("198.51.100.7");

    [Fact]
    public async Task Offence_BlocksTheClientForTtl_InMemoryInTheStoreAndInTheKernel()
    {
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync();

        BlockOutcome outcome = harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "blocked using zen.example");
        await harness.SettledAsync();

        Assert.Equal(BlockOutcomeKind.Added, outcome.Kind);
        Assert.True(harness.Blocklist.IsBlocked(s_client, out BlocklistEntry? entry));
        Assert.Equal(TimeSpan.FromMinutes(10), entry.Remaining(harness.Clock.GetUtcNow()));
        Assert.Equal(BlockSource.Reject, Assert.Single(harness.Store.LoadEntries()).Source);
        Assert.Equal(TimeSpan.FromMinutes(10), Assert.Single(harness.Firewall.Elements, e => e.Key == Key("198.51.100.7")).Value);
        Assert.Equal("add", Assert.Single(harness.Store.LoadAudit(10)).Action);
    }

    [Fact]
    public async Task IPv6Offence_BlocksTheClientsSlash64()
    {
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync();

        harness.Blocklist.RecordOffence(IPAddress.Parse("2001:db8:5:6:a:b:c:d"), BlockSource.Reject, "listed");

        Assert.True(harness.Blocklist.IsBlocked(IPAddress.Parse("2001:db8:5:6::99"), out BlocklistEntry? entry));
        Assert.Equal("2001:db8:5:6::/64", entry.Key.ToString());
        Assert.False(harness.Blocklist.IsBlocked(IPAddress.Parse("2001:db8:5:7::1"), out _));
    }

    [Fact]
    public async Task RepeatOffences_EscalateTheBlock_EvenAcrossARestart()
    {
        BlocklistHarness harness = await BlocklistHarness.StartAsync();
        harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "first");
        harness.Clock.Advance(TimeSpan.FromMinutes(11));
        BlockOutcome second = harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "second");
        Assert.Equal(TimeSpan.FromMinutes(20), second.Entry!.Remaining(harness.Clock.GetUtcNow()));

        harness = await harness.RestartAsync();
        await using (harness)
        {
            harness.Clock.Advance(TimeSpan.FromMinutes(21));
            BlockOutcome third = harness.Blocklist.RecordOffence(s_client, BlockSource.Errors, "third");

            Assert.Equal(3, third.Entry!.Offences);
            Assert.Equal(TimeSpan.FromMinutes(40), third.Entry.Remaining(harness.Clock.GetUtcNow()));
        }
    }

    [Fact]
    public async Task AnOffenceDuringABlock_NeverShortensIt()
    {
        var setup = new BlocklistHarness.Setup { Options = new BlocklistOptions { Jitter = 0, EscalationFactor = 1 } };
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync(setup);
        NetworkKey client = Key(s_client.ToString());
        await harness.Blocklist.BlockAsync(client, TimeSpan.FromDays(1), "by hand", BlockSource.Admin, "admin");

        harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "rejected");

        Assert.Equal(TimeSpan.FromDays(1), harness.Blocklist.Get(client)!.Remaining(harness.Clock.GetUtcNow()));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("192.0.2.3")]
    public async Task ProtectedAddress_IsNeverBlocked_ByAnySource(string address)
    {
        var setup = new BlocklistHarness.Setup { Configured = [Key(address)] };
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync(setup);

        BlockOutcome offence = harness.Blocklist.RecordOffence(IPAddress.Parse(address), BlockSource.Reject, "rejected");
        BlockOutcome admin = await harness.Blocklist.BlockAsync(Key(address), null, "by hand", BlockSource.Admin, "admin");
        BlockOutcome wide = await harness.Blocklist.BlockAsync(Key("0.0.0.0/0"), null, "everything", BlockSource.Admin, "admin");

        Assert.All([offence, admin, wide], outcome => Assert.Equal(BlockOutcomeKind.Protected, outcome.Kind));
        Assert.NotNull(admin.ProtectedBy);
        Assert.False(harness.Blocklist.IsBlocked(IPAddress.Parse(address), out _));
        Assert.Equal(0, harness.Blocklist.Count);
    }

    [Fact]
    public async Task WiderPrefix_AbsorbsNarrowerPrefixes_AndKeepsTheLongerExpiry()
    {
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync();
        await harness.Blocklist.BlockAsync(Key("203.0.113.0/25"), TimeSpan.FromDays(3), "narrow", BlockSource.Admin, "admin");
        await harness.Blocklist.BlockAsync(Key("203.0.113.128/25"), TimeSpan.FromHours(1), "narrow", BlockSource.Admin, "admin");

        BlockOutcome wide = await harness.Blocklist.BlockAsync(Key("203.0.113.0/24"), TimeSpan.FromDays(1), "wide", BlockSource.Admin, "admin");
        await harness.SettledAsync();

        Assert.Equal(2, wide.Absorbed!.Count);
        Assert.Equal(TimeSpan.FromDays(3), wide.Entry!.Remaining(harness.Clock.GetUtcNow()));
        Assert.Equal(["203.0.113.0/24"], harness.Blocklist.ActiveEntries().Select(e => e.Key.ToString()));
        // The kernel holds only the wide prefix: its interval set never sees overlapping elements.
        Assert.Equal([Key("203.0.113.0/24")], harness.Firewall.Elements.Keys);
        Assert.Equal(TimeSpan.FromDays(3), harness.Firewall.Elements[Key("203.0.113.0/24")]);
    }

    [Fact]
    public async Task NarrowerPrefixInsideAWiderOne_IsCoveredBy_ButAHostInsideIsKept()
    {
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync();
        await harness.Blocklist.BlockAsync(Key("203.0.113.0/24"), null, "wide", BlockSource.Admin, "admin");

        BlockOutcome narrow = await harness.Blocklist.BlockAsync(Key("203.0.113.64/26"), null, "narrow", BlockSource.Admin, "admin");
        BlockOutcome host = await harness.Blocklist.BlockAsync(Key("203.0.113.65"), TimeSpan.FromHours(1), "host", BlockSource.Admin, "admin");

        Assert.Equal(BlockOutcomeKind.CoveredBy, narrow.Kind);
        Assert.Equal("203.0.113.0/24", narrow.Entry!.Key.ToString());
        Assert.Equal(BlockOutcomeKind.Added, host.Kind);
        Assert.Equal(2, harness.Blocklist.Count);
    }

    [Fact]
    public async Task Unblock_RemovesTheEntry_AndForgetsTheOffences()
    {
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync();
        harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "first");
        harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "second");

        BlocklistEntry? removed = await harness.Blocklist.UnblockAsync(Key(s_client.ToString()), "admin");
        await harness.SettledAsync();

        Assert.NotNull(removed);
        Assert.False(harness.Blocklist.IsBlocked(s_client, out _));
        Assert.Empty(harness.Store.LoadEntries());
        Assert.Empty(harness.Store.LoadOffenders());
        Assert.Empty(harness.Firewall.Elements);
        Assert.Null(await harness.Blocklist.UnblockAsync(Key(s_client.ToString()), "admin"));
        Assert.Equal(1, harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "again").Entry!.Offences);
    }

    [Fact]
    public async Task Flush_BySource_LeavesTheOthers()
    {
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync();
        harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "rejected");
        await harness.Blocklist.BlockAsync(Key("203.0.113.9"), null, "by hand", BlockSource.Admin, "admin");

        Assert.Equal(1, await harness.Blocklist.FlushAsync(BlockSource.Reject, "admin"));
        Assert.Equal(["203.0.113.9"], harness.Blocklist.ActiveEntries().Select(e => e.Key.ToString()));
        Assert.Equal(1, await harness.Blocklist.FlushAsync(null, "admin"));
        Assert.Equal(0, harness.Blocklist.Count);
    }

    [Fact]
    public async Task Restart_LoadsTheStore_DropsWhatExpired_AndResyncsTheKernelInOneBatch()
    {
        BlocklistHarness harness = await BlocklistHarness.StartAsync();
        harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "ten minutes");
        await harness.Blocklist.BlockAsync(Key("203.0.113.0/24"), TimeSpan.FromHours(2), "two hours", BlockSource.Admin, "admin");
        await harness.Blocklist.BlockAsync(Key("2001:db8::/48"), null, "permanent", BlockSource.Admin, "admin");
        harness.Clock.Advance(TimeSpan.FromHours(1));

        harness = await harness.RestartAsync();
        await using (harness)
        {
            Assert.False(harness.Blocklist.IsBlocked(s_client, out _));
            Assert.Equal(2, harness.Store.LoadEntries().Count);
            IReadOnlyList<FirewallElement> resync = Assert.Single(harness.Firewall.Replacements);
            Assert.Equal(
                [new FirewallElement(Key("2001:db8::/48"), null), new FirewallElement(Key("203.0.113.0/24"), TimeSpan.FromHours(1))],
                resync.OrderBy(e => e.Network.ToString(), StringComparer.Ordinal));
            Assert.Contains(harness.Store.LoadAudit(10), a => a.Action == "expire" && a.Network == Key(s_client.ToString()));
        }
    }

    [Fact]
    public async Task Purge_RemovesExpiredEntries_FromTheKernelToo_WhenTheKernelDoesNotExpireThem()
    {
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync(new BlocklistHarness.Setup { ExpiresInKernel = false });
        harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "rejected");
        harness.Clock.Advance(TimeSpan.FromMinutes(10));

        await harness.Blocklist.PurgeAsync();
        await harness.SettledAsync();

        Assert.Equal(0, harness.Blocklist.Count);
        Assert.Empty(harness.Store.LoadEntries());
        Assert.Empty(harness.Firewall.Elements);
        Assert.Equal(FirewallChangeKind.Remove, harness.Firewall.Changes[^1].Kind);
    }

    [Fact]
    public async Task Hits_AreCountedAtAccept_AndSavedByThePurge()
    {
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync();
        harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "rejected");
        for (int i = 0; i < 3; i++)
        {
            Assert.True(harness.Blocklist.IsBlocked(s_client, out _));
        }

        await harness.Blocklist.PurgeAsync();

        Assert.Equal(3, Assert.Single(harness.Store.LoadEntries()).Hits);
    }

    [Fact]
    public async Task StaticEntries_FollowTheConfiguration()
    {
        var first = new BlocklistHarness.Setup { Configured = [Key("203.0.113.0/24"), Key("198.51.100.99")] };
        BlocklistHarness harness = await BlocklistHarness.StartAsync(first);
        Assert.Null(harness.Blocklist.Get(Key("203.0.113.0/24"))!.Expires);

        harness = await harness.RestartAsync(first with { Configured = [Key("198.51.100.99")] });
        await using (harness)
        {
            Assert.Equal(["198.51.100.99"], harness.Blocklist.ActiveEntries().Select(e => e.Key.ToString()));
            Assert.All(harness.Store.LoadEntries(), e => Assert.Equal(BlockSource.Config, e.Source));
        }
    }

    [Fact]
    public async Task AutomaticBlocking_CanBeTurnedOff()
    {
        var setup = new BlocklistHarness.Setup { Options = new BlocklistOptions { Automatic = false } };
        await using BlocklistHarness harness = await BlocklistHarness.StartAsync(setup);

        Assert.Equal(BlockOutcomeKind.Disabled, harness.Blocklist.RecordOffence(s_client, BlockSource.Reject, "rejected").Kind);
        Assert.Equal(0, harness.Blocklist.Count);
    }
}
