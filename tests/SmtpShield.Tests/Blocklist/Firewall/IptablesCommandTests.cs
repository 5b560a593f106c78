using SmtpShield.Blocklist.Firewall;
using static SmtpShield.Tests.Blocklist.Firewall.Blocks;

namespace SmtpShield.Tests.Blocklist.Firewall;

/// <summary>The exact `iptables-restore --noflush` text: DROP rules in chain SMTPSHIELD, one transaction per batch.</summary>
public class IptablesCommandTests
{
    [Fact]
    public void Install_DeletesThenAppends()
    {
        string text = IptablesCommand.Install(added: [Net("192.0.2.7"), Net("198.51.100.0/24")], removed: [Net("192.0.2.8")]);

        Assert.Equal(
            "*filter\n" +
            "-D SMTPSHIELD -s 192.0.2.8 -j DROP\n" +
            "-A SMTPSHIELD -s 192.0.2.7 -j DROP\n" +
            "-A SMTPSHIELD -s 198.51.100.0/24 -j DROP\n" +
            "COMMIT\n",
            text);
    }

    [Fact]
    public void Install_Ipv6_WritesTheSameRulesForIp6tables() =>
        Assert.Equal(
            "*filter\n" +
            "-D SMTPSHIELD -s 2001:db8::7 -j DROP\n" +
            "-A SMTPSHIELD -s 2001:db8:5::/64 -j DROP\n" +
            "COMMIT\n",
            IptablesCommand.Install(added: [Net("2001:db8:5::/64")], removed: [Net("2001:db8::7")]));

    [Fact]
    public void Rebuild_FlushesTheChainThenAppendsEveryRule() =>
        Assert.Equal(
            "*filter\n" +
            "-F SMTPSHIELD\n" +
            "-A SMTPSHIELD -s 192.0.2.7 -j DROP\n" +
            "-A SMTPSHIELD -s 198.51.100.0/24 -j DROP\n" +
            "COMMIT\n",
            IptablesCommand.Rebuild([Net("192.0.2.7"), Net("198.51.100.0/24")]));

    [Fact]
    public void Rebuild_OfNothing_EmptiesTheChain() =>
        Assert.Equal("*filter\n-F SMTPSHIELD\nCOMMIT\n", IptablesCommand.Rebuild([]));
}
