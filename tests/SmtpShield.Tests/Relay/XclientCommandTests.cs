using System.Net;
using SmtpShield.Relay.Identity;

namespace SmtpShield.Tests.Relay;

/// <summary>XCLIENT as Postfix and Exim take it (shared/INTEGRATION.md §1.1, §1.4).</summary>
public class XclientCommandTests
{
    private static readonly HashSet<string> s_postfix37 = new(["NAME", "ADDR", "PROTO", "HELO", "REVERSE_NAME", "PORT", "LOGIN", "DESTADDR", "DESTPORT"], StringComparer.OrdinalIgnoreCase);

    private static ClientIdentity Identity(string client = "203.0.113.5:40000", string name = ClientIdentity.Unavailable, string? helo = "mx.client.example", string? reverse = null) =>
        new(IPEndPoint.Parse(client), IPEndPoint.Parse("192.0.2.25:25"), name, reverse, helo, Esmtp: true);

    [Fact]
    public void Postfix_GetsEveryAttributeItOffers_ButNeverLogin()
    {
        string? line = XclientCommand.Build(Identity(), s_postfix37);
        Assert.Equal("XCLIENT NAME=[UNAVAILABLE] ADDR=203.0.113.5 PORT=40000 HELO=mx.client.example PROTO=ESMTP DESTADDR=192.0.2.25 DESTPORT=25\r\n", line);
        Assert.DoesNotContain("LOGIN", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Exim_GetsOnlyWhatItAdvertises()
    {
        // Exim 4.97's XCLIENT: HELO or PROTO would be a fatal 501.
        var exim = new HashSet<string>(["ADDR", "NAME", "PORT", "LOGIN", "DESTADDR", "DESTPORT"], StringComparer.OrdinalIgnoreCase);
        string? line = XclientCommand.Build(Identity(name: "mail.client.example"), exim);
        Assert.Equal("XCLIENT NAME=mail.client.example ADDR=203.0.113.5 PORT=40000 DESTADDR=192.0.2.25 DESTPORT=25\r\n", line);
    }

    [Fact]
    public void Ipv6_IsPrefixed_AndValuesAreXtext()
    {
        string? line = XclientCommand.Build(Identity(client: "[2001:db8::1]:4000", helo: "odd helo+=x", reverse: "ptr.example"), s_postfix37);
        Assert.Contains(" ADDR=IPV6:2001:db8::1 ", line, StringComparison.Ordinal);
        Assert.Contains(" HELO=odd+20helo+2B+3Dx ", line, StringComparison.Ordinal);
        Assert.Contains(" REVERSE_NAME=ptr.example ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void FastPath_WithoutHelo_SendsNeitherHeloNorProto()
    {
        string? line = XclientCommand.Build(Identity(helo: null), s_postfix37);
        Assert.DoesNotContain("HELO=", line, StringComparison.Ordinal);
        Assert.DoesNotContain("PROTO=", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAddr_ThereIsNoCommand()
    {
        Assert.Null(XclientCommand.Build(Identity(), new HashSet<string>(["NAME", "HELO"])));
    }

    [Fact]
    public void OverlongHelo_IsLeftOut_SoTheLineStaysWithin512()
    {
        string? line = XclientCommand.Build(Identity(helo: new string('\u00e9', 200)), s_postfix37);
        Assert.NotNull(line);
        Assert.True(line.Length <= 512, line);
        Assert.DoesNotContain("HELO=", line, StringComparison.Ordinal);
        Assert.Contains("ADDR=203.0.113.5", line, StringComparison.Ordinal);
    }
}
