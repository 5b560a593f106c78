using System.Net;
using SmtpShield.Relay.Identity;

namespace SmtpShield.Tests.Relay;

/// <summary>The PROXY header bytes, against the layouts in HAProxy's doc/proxy-protocol.txt.</summary>
public class ProxyHeaderTests
{
    [Fact]
    public void V1_Ipv4_IsOneAsciiLine()
    {
        byte[] header = ProxyHeader.V1(IPEndPoint.Parse("203.0.113.7:40001"), IPEndPoint.Parse("192.0.2.25:25"));
        Assert.Equal("PROXY TCP4 203.0.113.7 192.0.2.25 40001 25\r\n", System.Text.Encoding.ASCII.GetString(header));
    }

    [Fact]
    public void V1_Ipv6_UsesCanonicalForm()
    {
        byte[] header = ProxyHeader.V1(IPEndPoint.Parse("[2001:db8:0:0::7]:40002"), IPEndPoint.Parse("[2001:db8::25]:25"));
        Assert.Equal("PROXY TCP6 2001:db8::7 2001:db8::25 40002 25\r\n", System.Text.Encoding.ASCII.GetString(header));
    }

    [Fact]
    public void MappedAddresses_FromADualStackListener_AreSentAsTcp4()
    {
        byte[] header = ProxyHeader.V1(IPEndPoint.Parse("[::ffff:203.0.113.9]:5000"), IPEndPoint.Parse("[::ffff:192.0.2.25]:25"));
        Assert.Equal("PROXY TCP4 203.0.113.9 192.0.2.25 5000 25\r\n", System.Text.Encoding.ASCII.GetString(header));
        byte[] v2 = ProxyHeader.V2(IPEndPoint.Parse("[::ffff:203.0.113.9]:5000"), IPEndPoint.Parse("[::ffff:192.0.2.25]:25"));
        Assert.Equal(0x11, v2[13]);
    }

    [Fact]
    public void V2_Ipv4_HasSignatureCommandFamilyLengthAddressesPorts()
    {
        byte[] header = ProxyHeader.V2(IPEndPoint.Parse("203.0.113.8:40003"), IPEndPoint.Parse("192.0.2.25:25"));
        byte[] expected =
        [
            0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, // signature
            0x21, // version 2, PROXY
            0x11, // TCP over IPv4
            0x00, 0x0C, // 12 address bytes follow
            203, 0, 113, 8, 192, 0, 2, 25,
            0x9C, 0x43, // 40003
            0x00, 0x19, // 25
        ];
        Assert.Equal(expected, header);
    }

    [Fact]
    public void V2_Ipv6_Carries36AddressBytes()
    {
        byte[] header = ProxyHeader.V2(IPEndPoint.Parse("[2001:db8::8]:40004"), IPEndPoint.Parse("[2001:db8::25]:25"));
        Assert.Equal(16 + 36, header.Length);
        Assert.Equal(0x21, header[13]);
        Assert.Equal(36, (header[14] << 8) | header[15]);
        Assert.Equal(IPAddress.Parse("2001:db8::8"), new IPAddress(header.AsSpan(16, 16)));
        Assert.Equal(IPAddress.Parse("2001:db8::25"), new IPAddress(header.AsSpan(32, 16)));
        Assert.Equal(40004, (header[48] << 8) | header[49]);
        Assert.Equal(25, (header[50] << 8) | header[51]);
    }
}
