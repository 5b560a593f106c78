namespace SmtpShield.Protocol.Tests;

/// <summary>RFC 5321 §4.1.2 Domain and §4.1.3 address literals, as <see cref="DomainSyntax"/> reads them.</summary>
public class DomainSyntaxTests
{
    [Theory]
    [InlineData("example.org", false)]
    [InlineData("localhost", false)]
    [InlineData("a", false)]
    [InlineData("1.example", false)]
    [InlineData("x-1.example-2.org", false)]
    [InlineData("xn--bcher-kva.example", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("bücher.example", true)]
    [InlineData("例子.广告", true)]
    public void ValidDomain_IsADomain(string domain, bool nonAscii)
    {
        bool valid = DomainSyntax.IsDomain(Wire.Bytes(domain), out bool actualNonAscii);

        Assert.True(valid);
        Assert.Equal(nonAscii, actualNonAscii);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData(".example.org")]
    [InlineData("example.org.")]
    [InlineData("example..org")]
    [InlineData("-example.org")]
    [InlineData("example-.org")]
    [InlineData("exa_mple.org")]
    [InlineData("exa mple.org")]
    [InlineData("[192.0.2.1]")]
    [InlineData("example.org>")]
    public void MalformedDomain_IsNotADomain(string domain)
    {
        Assert.False(DomainSyntax.IsDomain(Wire.Bytes(domain), out _));
    }

    [Fact]
    public void DomainWithBytesThatAreNotUtf8_IsNotADomain()
    {
        Assert.False(DomainSyntax.IsDomain(Wire.Raw("b\u00fccher.example"), out _));
    }

    [Fact]
    public void LabelOf63Octets_IsTheLongestAllowed()
    {
        // RFC 1035 §2.3.4.
        Assert.True(DomainSyntax.IsDomain(Wire.Bytes(new string('a', 63) + ".example"), out _));
        Assert.False(DomainSyntax.IsDomain(Wire.Bytes(new string('a', 64) + ".example"), out _));
    }

    [Fact]
    public void DomainOf255Octets_IsTheLongestAllowed()
    {
        // RFC 5321 §4.5.3.1.2; four 63-octet labels and their three dots make 255.
        string label = new('a', 63);
        string longest = $"{label}.{label}.{label}.{label}";
        string tooLong = $"{label}.{label}.{label}.{new string('b', 62)}.c";

        Assert.Equal(255, longest.Length);
        Assert.Equal(256, tooLong.Length);
        Assert.True(DomainSyntax.IsDomain(Wire.Bytes(longest), out _));
        Assert.False(DomainSyntax.IsDomain(Wire.Bytes(tooLong), out _));
    }

    [Theory]
    [InlineData("[192.0.2.1]")]
    [InlineData("[0.0.0.0]")]
    [InlineData("[255.255.255.255]")]
    [InlineData("[010.000.002.001]")]
    [InlineData("[IPv6:2001:db8::1]")]
    [InlineData("[ipv6:2001:DB8::1]")]
    [InlineData("[IPv6:::1]")]
    [InlineData("[IPv6:::]")]
    [InlineData("[IPv6:2001:db8:0:0:0:0:0:1]")]
    [InlineData("[IPv6:::ffff:192.0.2.1]")]
    [InlineData("[x-tag:some-content]")]
    public void WellFormedAddressLiteral_IsAnAddressLiteral(string literal)
    {
        Assert.True(DomainSyntax.IsAddressLiteral(Wire.Bytes(literal)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("[192.0.2.1")]
    [InlineData("192.0.2.1]")]
    [InlineData("192.0.2.1")]
    [InlineData("[192.0.2]")]
    [InlineData("[192.0.2.1.5]")]
    [InlineData("[192.0.2.256]")]
    [InlineData("[192.0.2.0001]")]
    [InlineData("[192.0.2.]")]
    [InlineData("[.192.0.2]")]
    [InlineData("[192..2.1]")]
    [InlineData("[ 192.0.2.1]")]
    [InlineData("[IPv6:]")]
    [InlineData("[IPv6:192.0.2.1]")]
    [InlineData("[IPv6:2001:db8::1::2]")]
    [InlineData("[IPv6:2001:db8::1%eth0]")]
    [InlineData("[IPv6:12345::1]")]
    [InlineData("[IPv6:[::1]]")]
    [InlineData("[x-tag:]")]
    [InlineData("[tag-:x]")]
    [InlineData("[x_tag:x]")]
    [InlineData("[x-tag:a[b]")]
    public void MalformedAddressLiteral_IsNotAnAddressLiteral(string literal)
    {
        Assert.False(DomainSyntax.IsAddressLiteral(Wire.Bytes(literal)));
    }

    [Theory]
    [InlineData("192.0.2.1", true)]
    [InlineData("12345", true)]
    [InlineData("host.123", true)]
    [InlineData("123.host", false)]
    [InlineData("example.org", false)]
    [InlineData("example.1a", false)]
    [InlineData("", false)]
    public void NumericTopLabel_MarksABareAddress(string domain, bool numeric)
    {
        Assert.Equal(numeric, DomainSyntax.HasNumericTopLabel(Wire.Bytes(domain)));
    }
}
