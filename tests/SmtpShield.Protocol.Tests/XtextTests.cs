namespace SmtpShield.Protocol.Tests;

/// <summary>RFC 3461 §4 xtext.</summary>
public class XtextTests
{
    [Theory]
    [InlineData("mx.client.example", "mx.client.example")]
    [InlineData("[UNAVAILABLE]", "[UNAVAILABLE]")]
    [InlineData("IPV6:2001:db8::1", "IPV6:2001:db8::1")]
    [InlineData("a+b=c d", "a+2Bb+3Dc+20d")]
    [InlineData("\u00e9", "+C3+A9")]
    [InlineData("\r\n", "+0D+0A")]
    public void Encode(string value, string expected) => Assert.Equal(expected, Xtext.Encode(value));
}
