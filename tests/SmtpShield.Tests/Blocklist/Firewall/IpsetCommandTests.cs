using SmtpShield.Blocklist.Firewall;
using static SmtpShield.Tests.Blocklist.Firewall.Blocks;

namespace SmtpShield.Tests.Blocklist.Firewall;

/// <summary>
/// The exact `ipset restore -exist` text: hosts in the hash:ip sets, prefixes in the hash:net sets,
/// `timeout 0` for a permanent block, and no timeout beyond the longest ipset takes.
/// </summary>
public class IpsetCommandTests
{
    [Theory]
    [InlineData("192.0.2.7", 600, "add smtpshield4 192.0.2.7 timeout 600\n")]
    [InlineData("2001:db8::7", 60, "add smtpshield6 2001:db8::7 timeout 60\n")]
    [InlineData("198.51.100.0/24", 7200, "add smtpshield-net4 198.51.100.0/24 timeout 7200\n")]
    [InlineData("2001:db8:5::/64", null, "add smtpshield-net6 2001:db8:5::/64 timeout 0\n")]
    [InlineData("192.0.2.8", null, "add smtpshield4 192.0.2.8 timeout 0\n")]
    [InlineData("192.0.2.9", 3000000, "add smtpshield4 192.0.2.9 timeout 2147483\n")]
    public void Addition_NamesItsSetAndTimeout(string network, int? seconds, string expected) =>
        Assert.Equal(expected, IpsetCommand.Apply([Add(network, seconds)]));

    [Theory]
    [InlineData("192.0.2.7", "del smtpshield4 192.0.2.7\n")]
    [InlineData("2001:db8:5::/64", "del smtpshield-net6 2001:db8:5::/64\n")]
    public void Removal_IsADel(string network, string expected) =>
        Assert.Equal(expected, IpsetCommand.Apply([Remove(network)]));

    [Fact]
    public void Batch_KeepsTheOrderOfItsChanges() =>
        Assert.Equal(
            "add smtpshield4 192.0.2.7 timeout 600\n" +
            "del smtpshield-net4 198.51.100.0/24\n" +
            "add smtpshield6 2001:db8::7 timeout 1\n",
            IpsetCommand.Apply([Add("192.0.2.7", 600), Remove("198.51.100.0/24"), Add("2001:db8::7", 1)]));

    [Fact]
    public void ReplaceAll_FlushesTheFourSetsThenAddsEverything() =>
        Assert.Equal(
            "flush smtpshield4\n" +
            "flush smtpshield6\n" +
            "flush smtpshield-net4\n" +
            "flush smtpshield-net6\n" +
            "add smtpshield-net4 198.51.100.0/24 timeout 0\n" +
            "add smtpshield6 2001:db8::7 timeout 600\n",
            IpsetCommand.ReplaceAll([Element("198.51.100.0/24"), Element("2001:db8::7", 600)]));
}
