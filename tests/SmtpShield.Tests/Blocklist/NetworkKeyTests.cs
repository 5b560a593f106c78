using System.Net;
using SmtpShield.Blocklist;
using SmtpShield.Blocklist.Store;

namespace SmtpShield.Tests.Blocklist;

public sealed class NetworkKeyTests
{
    [Theory]
    [InlineData("192.0.2.7", 32, "192.0.2.7")]
    [InlineData("192.0.2.7", 24, "192.0.2.0/24")]
    [InlineData("192.0.2.255", 25, "192.0.2.128/25")]
    [InlineData("192.0.2.7", 0, "0.0.0.0/0")]
    [InlineData("::ffff:192.0.2.7", 32, "192.0.2.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", 64, "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:3:4:5:6", 128, "2001:db8:1:2:3:4:5:6")]
    [InlineData("2001:db8:1:2:3:4:5:6", 33, "2001:db8::/33")]
    public void AddressTruncatedToALength_IsTheCanonicalNetwork(string address, int length, string expected)
    {
        NetworkKey key = NetworkKey.ForAddress(IPAddress.Parse(address), length);

        Assert.Equal(expected, key.ToString());
        Assert.True(BlocklistStore.TryParseKey(key.ToString(), out NetworkKey parsed));
        Assert.Equal(key, parsed);
    }

    [Fact]
    public void IPv4MappedAddress_IsTheSameKeyAsPlainIPv4()
    {
        Assert.Equal(NetworkKey.ForAddress(IPAddress.Parse("192.0.2.7")), NetworkKey.ForAddress(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Equal(NetworkKey.ForAddress(IPAddress.Parse("192.0.2.0"), 24), NetworkKey.For(IPNetwork.Parse("::ffff:192.0.2.0/120")));
    }

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.7", true)]
    [InlineData("192.0.2.0/24", "192.0.3.7", false)]
    [InlineData("192.0.2.0/24", "192.0.2.0/25", true)]
    [InlineData("192.0.2.0/25", "192.0.2.0/24", false)]
    [InlineData("0.0.0.0/0", "203.0.113.1", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::/0", "192.0.2.7", false)]
    public void Contains_IsByFamilyAndPrefix(string network, string other, bool contains)
    {
        Assert.Equal(contains, Key(network).Contains(Key(other)));
        Assert.True(Key(network).Overlaps(Key(other)) == (contains || Key(other).Contains(Key(network))));
    }

    internal static NetworkKey Key(string text) =>
        BlocklistStore.TryParseKey(text, out NetworkKey key) ? key : throw new ArgumentException($"not a network: {text}", nameof(text));
}
