using System.Net;
using Microsoft.Extensions.Options;
using SmtpShield.Checks.Access;
using SmtpShield.Verdicts;

namespace SmtpShield.Tests.Checks;

/// <summary>
/// Policy:Allow and Policy:Deny (postscreen_access_list): networks or single addresses, IPv4 and IPv6;
/// an allowed client skips every check, a denied one is refused; allow wins over deny.
/// </summary>
public sealed class AccessListTests
{
    private static readonly AccessList s_list = new(Options.Create(new PolicyOptions
    {
        Allow = { "192.0.2.0/24", "198.51.100.7", "2001:db8:a::/48", "2001:db8:b::25", "203.0.113.64/26" },
        Deny = { "203.0.113.0/24", "2001:db8::/32", "198.51.100.0/24" },
    }));

    [Theory]
    [InlineData("192.0.2.0", "Allow")]
    [InlineData("192.0.2.255", "Allow")]
    [InlineData("192.0.3.0", "None")]
    [InlineData("198.51.100.7", "Allow")]
    [InlineData("198.51.100.8", "Deny")]
    [InlineData("203.0.113.1", "Deny")]
    [InlineData("203.0.113.64", "Allow")]
    [InlineData("203.0.113.127", "Allow")]
    [InlineData("203.0.113.128", "Deny")]
    [InlineData("2001:db8:a::1", "Allow")]
    [InlineData("2001:db8:a:ffff::1", "Allow")]
    [InlineData("2001:db8:b::25", "Allow")]
    [InlineData("2001:db8:b::26", "Deny")]
    [InlineData("2001:db9::1", "None")]
    [InlineData("::ffff:192.0.2.7", "Allow")]
    [InlineData("::ffff:203.0.113.1", "Deny")]
    [InlineData("127.0.0.1", "None")]
    public void Client_IsDecidedByTheNetworksItIsIn(string client, string decision) =>
        Assert.Equal(Enum.Parse<AccessDecision>(decision), s_list.Decide(IPAddress.Parse(client)));

    [Fact]
    public void EmptyLists_DecideNothing()
    {
        var list = new AccessList(Options.Create(new PolicyOptions()));

        Assert.Equal(AccessDecision.None, list.Decide(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0/24")]
    [InlineData(" 192.0.2.0/24 ", "192.0.2.0/24")]
    [InlineData("192.0.2.7", "192.0.2.7/32")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:db8::25", "2001:db8::25/128")]
    [InlineData("::1", "::1/128")]
    public void Entry_IsANetworkOrASingleAddress(string entry, string network) =>
        Assert.Equal(IPNetwork.Parse(network), AccessList.Parse(entry));

    [Theory]
    [InlineData("")]
    [InlineData("mail.example")]
    [InlineData("192.0.2.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("192.0.2.0/")]
    [InlineData("192.0.2.0/24/8")]
    public void Entry_ThatIsNeitherANetworkNorAnAddress_IsRefused(string entry) =>
        Assert.Null(AccessList.Parse(entry));

    // inet_aton's legacy forms are not what an admin means: "192.0.2" reads as 192.0.0.2, "10" as 0.0.0.10,
    // and a zero-padded "010.001.002.003" as octal 8.1.2.3. An access list must not silently allow or deny
    // some other host; check-config should name the entry instead.
    [Theory]
    [InlineData("192.0.2")]
    [InlineData("10")]
    [InlineData("127.1")]
    [InlineData("010.001.002.003")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("3221225985")]
    public void LegacyShorthandIpv4Entry_IsRefused(string entry) =>
        Assert.Null(AccessList.Parse(entry));
}
