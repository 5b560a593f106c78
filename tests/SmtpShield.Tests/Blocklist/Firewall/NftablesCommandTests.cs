using SmtpShield.Blocklist.Firewall;
using static SmtpShield.Tests.Blocklist.Firewall.Blocks;

namespace SmtpShield.Tests.Blocklist.Firewall;

/// <summary>
/// The exact `nft -f -` text for each kind of change: hosts in block_v4/block_v6, prefixes in
/// blocknet_v4/blocknet_v6, every addition as add + delete + add with its timeout (works whether or not
/// the element is there, shared/INTEGRATION.md §3.2), every removal as add + delete (never fails).
/// </summary>
public class NftablesCommandTests
{
    [Theory]
    [InlineData("192.0.2.7", "block_v4")]
    [InlineData("2001:db8::7", "block_v6")]
    [InlineData("198.51.100.0/24", "blocknet_v4")]
    [InlineData("2001:db8:5::/64", "blocknet_v6")]
    [InlineData("::ffff:192.0.2.7", "block_v4")]
    [InlineData("192.0.2.7/32", "block_v4")]
    [InlineData("2001:db8::7/128", "block_v6")]
    public void EachNetwork_GoesToTheSetForItsFamilyAndKind(string network, string set) =>
        Assert.Equal(set, NftablesCommand.Name(BlockSets.For(Net(network))));

    [Theory]
    [InlineData("192.0.2.7", 600,
        "add element inet smtpshield block_v4 { 192.0.2.7 }\n" +
        "delete element inet smtpshield block_v4 { 192.0.2.7 }\n" +
        "add element inet smtpshield block_v4 { 192.0.2.7 timeout 600s }\n")]
    [InlineData("2001:db8:5::/64", 3600,
        "add element inet smtpshield blocknet_v6 { 2001:db8:5::/64 }\n" +
        "delete element inet smtpshield blocknet_v6 { 2001:db8:5::/64 }\n" +
        "add element inet smtpshield blocknet_v6 { 2001:db8:5::/64 timeout 3600s }\n")]
    [InlineData("198.51.100.0/24", null,
        "add element inet smtpshield blocknet_v4 { 198.51.100.0/24 }\n" +
        "delete element inet smtpshield blocknet_v4 { 198.51.100.0/24 }\n" +
        "add element inet smtpshield blocknet_v4 { 198.51.100.0/24 }\n")]
    public void Addition_IsAddDeleteAddWithItsTimeout(string network, int? seconds, string expected) =>
        Assert.Equal(expected, NftablesCommand.Apply([Add(network, seconds)]));

    [Fact]
    public void Removal_IsAddThenDelete_SoAMissingElementIsNoError() =>
        Assert.Equal(
            "add element inet smtpshield block_v6 { 2001:db8::7 }\n" +
            "delete element inet smtpshield block_v6 { 2001:db8::7 }\n",
            NftablesCommand.Apply([Remove("2001:db8::7")]));

    [Fact]
    public void MixedBatch_IsGroupedBySet_WithOneStatementPerVerb()
    {
        string text = NftablesCommand.Apply(
        [
            Add("192.0.2.7", 600), Remove("192.0.2.8"), Add("198.51.100.0/24", 7200), Add("192.0.2.9"), Remove("2001:db8:5::/64"),
        ]);

        Assert.Equal(
            "add element inet smtpshield block_v4 { 192.0.2.7, 192.0.2.8, 192.0.2.9 }\n" +
            "delete element inet smtpshield block_v4 { 192.0.2.7, 192.0.2.8, 192.0.2.9 }\n" +
            "add element inet smtpshield block_v4 { 192.0.2.7 timeout 600s, 192.0.2.9 }\n" +
            "add element inet smtpshield blocknet_v4 { 198.51.100.0/24 }\n" +
            "delete element inet smtpshield blocknet_v4 { 198.51.100.0/24 }\n" +
            "add element inet smtpshield blocknet_v4 { 198.51.100.0/24 timeout 7200s }\n" +
            "add element inet smtpshield blocknet_v6 { 2001:db8:5::/64 }\n" +
            "delete element inet smtpshield blocknet_v6 { 2001:db8:5::/64 }\n",
            text);
    }

    [Theory]
    [InlineData(0.2, "1s")]
    [InlineData(599.001, "600s")]
    [InlineData(600, "600s")]
    [InlineData(604800, "604800s")]
    public void Timeout_IsWholeSecondsRoundedUp(double seconds, string expected) =>
        Assert.Equal($"192.0.2.7 timeout {expected}", NftablesCommand.Element(new FirewallElement(Net("192.0.2.7"), TimeSpan.FromSeconds(seconds))));

    [Fact]
    public void ReplaceAll_FlushesTheFourSetsThenAddsEverything_InOneBatch()
    {
        string text = NftablesCommand.ReplaceAll(
        [
            Element("192.0.2.7", 600), Element("2001:db8::7", 60), Element("198.51.100.0/24"), Element("2001:db8:5::/64", 86400), Element("192.0.2.8"),
        ]);

        Assert.Equal(
            "flush set inet smtpshield block_v4\n" +
            "flush set inet smtpshield block_v6\n" +
            "flush set inet smtpshield blocknet_v4\n" +
            "flush set inet smtpshield blocknet_v6\n" +
            "add element inet smtpshield block_v4 { 192.0.2.7 timeout 600s, 192.0.2.8 }\n" +
            "add element inet smtpshield block_v6 { 2001:db8::7 timeout 60s }\n" +
            "add element inet smtpshield blocknet_v4 { 198.51.100.0/24 }\n" +
            "add element inet smtpshield blocknet_v6 { 2001:db8:5::/64 timeout 86400s }\n",
            text);
    }

    [Fact]
    public void ReplaceAll_WithNothing_OnlyFlushes() =>
        Assert.Equal(4, NftablesCommand.ReplaceAll([]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

    [Fact]
    public void LargeResync_IsSplitIntoStatementsOfAtMostAThousandElements()
    {
        FirewallElement[] hosts = [.. Enumerable.Range(0, 2500).Select(i => Element($"10.0.{i / 256}.{i % 256}", 600))];

        string[] lines = NftablesCommand.ReplaceAll(hosts).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        string[] adds = [.. lines.Skip(4)];
        Assert.Equal(3, adds.Length);
        Assert.Equal([1000, 1000, 500], adds.Select(line => line.Split(',').Length));
        Assert.StartsWith("add element inet smtpshield block_v4 { 10.0.0.0 timeout 600s, ", adds[0]);
        Assert.EndsWith(", 10.0.9.195 timeout 600s }", adds[2]);
    }
}
