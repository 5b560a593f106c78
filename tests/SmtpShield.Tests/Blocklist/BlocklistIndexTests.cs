using System.Net;
using SmtpShield.Blocklist;
using static SmtpShield.Tests.Blocklist.NetworkKeyTests;

namespace SmtpShield.Tests.Blocklist;

public sealed class BlocklistIndexTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7", true)]
    [InlineData("192.0.2.7", "192.0.2.8", false)]
    [InlineData("192.0.2.7", "::ffff:192.0.2.7", true)]
    [InlineData("198.51.100.0/24", "198.51.100.200", true)]
    [InlineData("198.51.100.0/24", "198.51.101.1", false)]
    [InlineData("2001:db8:1:2::/64", "2001:db8:1:2:aaaa::1", true)]
    [InlineData("2001:db8:1:2::/64", "2001:db8:1:3::1", false)]
    [InlineData("2001:db8::1", "2001:db8::1", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    public void Lookup_FindsTheAddressOrAPrefixCoveringIt(string blocked, string client, bool found)
    {
        var index = new BlocklistIndex();
        index.Set(Entry(blocked, expires: null));

        Assert.Equal(found, index.TryFind(IPAddress.Parse(client), s_now, out _));
    }

    [Fact]
    public void MostSpecificActiveEntry_Wins()
    {
        var index = new BlocklistIndex();
        index.Set(Entry("198.51.100.0/24", expires: null, reason: "prefix"));
        index.Set(Entry("198.51.100.7", expires: s_now.AddMinutes(5), reason: "host"));

        Assert.True(index.TryFind(IPAddress.Parse("198.51.100.7"), s_now, out BlocklistEntry? entry));
        Assert.Equal("host", entry.Reason);
        Assert.True(index.TryFind(IPAddress.Parse("198.51.100.7"), s_now.AddMinutes(6), out entry));
        Assert.Equal("prefix", entry.Reason);
    }

    [Fact]
    public void ExpiredEntry_IsNotFound()
    {
        var index = new BlocklistIndex();
        index.Set(Entry("192.0.2.7", expires: s_now.AddSeconds(1)));

        Assert.True(index.TryFind(IPAddress.Parse("192.0.2.7"), s_now, out _));
        Assert.False(index.TryFind(IPAddress.Parse("192.0.2.7"), s_now.AddSeconds(1), out _));
    }

    [Fact]
    public void RemovedEntry_IsNotFound_AndOthersStay()
    {
        var index = new BlocklistIndex();
        index.Set(Entry("198.51.100.0/24", expires: null));
        index.Set(Entry("192.0.2.7", expires: null));

        Assert.True(index.Remove(Key("198.51.100.0/24"), out _));
        Assert.False(index.Remove(Key("198.51.100.0/24"), out _));

        Assert.False(index.TryFind(IPAddress.Parse("198.51.100.1"), s_now, out _));
        Assert.True(index.TryFind(IPAddress.Parse("192.0.2.7"), s_now, out _));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void CoveringAndCoveredPrefixes_AreFoundButHostsAreNotPrefixes()
    {
        var index = new BlocklistIndex();
        index.Set(Entry("198.51.100.0/24", expires: null));
        index.Set(Entry("198.51.100.128/25", expires: null));
        index.Set(Entry("198.51.100.7", expires: null));
        index.Set(Entry("203.0.113.0/24", expires: null));

        Assert.Equal(Key("198.51.100.0/24"), index.FindCoveringPrefix(Key("198.51.100.64/26"))?.Key);
        Assert.Null(index.FindCoveringPrefix(Key("198.51.0.0/16")));
        Assert.Equal(
            [Key("198.51.100.0/24"), Key("198.51.100.128/25")],
            index.FindCoveredPrefixes(Key("198.51.0.0/16")).Select(e => e.Key).OrderBy(k => k.Length));
    }

    internal static BlocklistEntry Entry(string network, DateTimeOffset? expires, string reason = "test") =>
        new(Key(network), reason, BlockSource.Admin, s_now, expires, offences: 1);
}
