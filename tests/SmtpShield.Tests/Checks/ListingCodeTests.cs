using System.Net;
using SmtpShield.Checks.Dnsbl;

namespace SmtpShield.Tests.Checks;

/// <summary>
/// RFC 5782 §2.1: a listing is an A record in 127.0.0.0/8. Anything else, and Spamhaus' error codes in
/// 127.255.255.0/24, is an error that must never reject a client.
/// </summary>
public sealed class ListingCodeTests
{
    [Theory]
    [InlineData("127.0.0.2", true)]
    [InlineData("127.0.0.4", true)]
    [InlineData("127.0.0.11", true)]
    [InlineData("127.0.10.1", true)]
    [InlineData("127.0.0.0", true)]
    [InlineData("127.255.254.255", true)]
    [InlineData("127.254.255.1", true)]
    [InlineData("127.255.255.252", false)]
    [InlineData("127.255.255.254", false)]
    [InlineData("127.255.255.255", false)]
    [InlineData("127.255.255.0", false)]
    [InlineData("10.0.0.2", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("126.0.0.2", false)]
    [InlineData("128.0.0.2", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("::1", false)]
    [InlineData("::ffff:127.0.0.2", false)]
    public void Answer_IsAListingCodeOnlyInsideLoopbackAndOutsideTheErrorRange(string answer, bool listing) =>
        Assert.Equal(listing, DnsblCheck.IsListingCode(IPAddress.Parse(answer)));
}
