using SmtpShield.Admin;
using SmtpShield.Blocklist;

namespace SmtpShield.Tests.Admin;

/// <summary>Addresses and prefixes to block, as typed, with a sentence (and a hint) for each kind of mistake.</summary>
public sealed class NetworkTextTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData(" 192.0.2.7 ", "192.0.2.7")]
    [InlineData("192.0.2.7/32", "192.0.2.7")]
    [InlineData("198.51.100.0/24", "198.51.100.0/24")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("2001:db8::/48", "2001:db8::/48")]
    [InlineData("2001:DB8:0:0::1", "2001:db8::1")]
    [InlineData("2001:db8::1/128", "2001:db8::1")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.0/120", "192.0.2.0/24")]
    [InlineData("[2001:db8::1]", "2001:db8::1")]
    public void AddressOrPrefix_ParsesToItsCanonicalForm(string text, string expected)
    {
        Assert.True(NetworkText.TryParse(text, out NetworkKey network, out string error), error);
        Assert.Equal(expected, network.ToString());
    }

    [Theory]
    [InlineData("192.0.2.300", "192.0.2.300 is not an address")]
    [InlineData("192.0.2", "192.0.2 is not an address")]
    [InlineData("192.0.2.010", "192.0.2.010 is not an address")]
    [InlineData("mail.example.org", "mail.example.org is not an address")]
    [InlineData("fe80::1%eth0", "fe80::1%eth0 is not an address")]
    [InlineData("192.0.2.300/24", "192.0.2.300 is not an address")]
    [InlineData("192.0.2.5/24", "192.0.2.5/24 has host bits set; did you mean 192.0.2.0/24?")]
    [InlineData("2001:db8::1/48", "2001:db8::1/48 has host bits set; did you mean 2001:db8::/48?")]
    [InlineData("192.0.2.0/33", "192.0.2.0/33: the prefix length must be a number from 0 to 32")]
    [InlineData("2001:db8::/129", "2001:db8::/129: the prefix length must be a number from 0 to 128")]
    [InlineData("192.0.2.0/", "192.0.2.0/: the prefix length must be a number from 0 to 32")]
    [InlineData("192.0.2.0/+8", "192.0.2.0/+8: the prefix length must be a number from 0 to 32")]
    [InlineData("::ffff:192.0.2.0/64", "::ffff:192.0.2.0/64: the prefix length must be a number from 96 to 128")]
    [InlineData("", "an address or network is required (e.g. 192.0.2.7, 198.51.100.0/24 or 2001:db8::/48)")]
    [InlineData("1.2.3.4\r\nQUIT", "1.2.3.4??QUIT is not an address")]
    public void Mistake_IsRefusedWithASentence(string text, string expected)
    {
        Assert.False(NetworkText.TryParse(text, out _, out string error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void VeryLongInput_IsEchoedShortened()
    {
        Assert.False(NetworkText.TryParse(new string('9', 500), out _, out string error));
        Assert.Equal(new string('9', 60) + "… is not an address", error);
    }
}
