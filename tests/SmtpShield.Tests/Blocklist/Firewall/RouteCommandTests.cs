using SmtpShield.Blocklist.Firewall;
using static SmtpShield.Tests.Blocklist.Firewall.Blocks;

namespace SmtpShield.Tests.Blocklist.Firewall;

/// <summary>The exact `ip -batch -` text: blackhole routes marked with SmtpShield's protocol number.</summary>
public class RouteCommandTests
{
    [Fact]
    public void Install_DeletesOnlyOurRoutesThenReplaces() =>
        Assert.Equal(
            "route del blackhole 192.0.2.8 proto 250\n" +
            "route replace blackhole 192.0.2.7 proto 250\n" +
            "route replace blackhole 198.51.100.0/24 proto 250\n",
            RouteCommand.Install(added: [Net("192.0.2.7"), Net("198.51.100.0/24")], removed: [Net("192.0.2.8")], protocol: 250));

    [Fact]
    public void Install_Ipv6_AndAnotherProtocolNumber() =>
        Assert.Equal(
            "route replace blackhole 2001:db8:5::/64 proto 251\n",
            RouteCommand.Install(added: [Net("2001:db8:5::/64")], removed: [], protocol: 251));

    [Fact]
    public void Rebuild_FlushesOurProtocolThenAddsEveryRoute() =>
        Assert.Equal(
            "route flush proto 250\n" +
            "route replace blackhole 2001:db8::7 proto 250\n" +
            "route replace blackhole 2001:db8:5::/64 proto 250\n",
            RouteCommand.Rebuild([Net("2001:db8::7"), Net("2001:db8:5::/64")], protocol: 250));
}
