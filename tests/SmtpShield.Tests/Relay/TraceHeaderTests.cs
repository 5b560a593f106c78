using System.Net;
using System.Text;
using SmtpShield.Relay;

namespace SmtpShield.Tests.Relay;

public class TraceHeaderTests
{
    private static readonly DateTimeOffset s_when = new(2026, 11, 22, 3, 4, 5, TimeSpan.FromHours(1));

    [Fact]
    public void Header_NamesTheClient_InRfc5321Form()
    {
        string header = Encoding.UTF8.GetString(TraceHeader.Build("mx.client.example", "mail.client.example", IPAddress.Parse("203.0.113.5"), "shield.example", esmtp: true, tls: true, "abc123", s_when));
        Assert.Equal(
            "Received: from mx.client.example (mail.client.example [203.0.113.5])\r\n\tby shield.example (SmtpShield) with ESMTPS id abc123;\r\n\tSun, 22 Nov 2026 03:04:05 +0100\r\n",
            header);
    }

    [Fact]
    public void UnknownName_Ipv6_AndHostileHelo()
    {
        string header = Encoding.UTF8.GetString(TraceHeader.Build("evil)\r\nBcc: x", null, IPAddress.Parse("2001:db8::5"), "shield.example", esmtp: false, tls: false, "1", s_when));
        Assert.StartsWith("Received: from evil???Bcc:?x (unknown [IPv6:2001:db8::5])\r\n\tby shield.example (SmtpShield) with SMTP id 1;", header, StringComparison.Ordinal);
        Assert.Equal(3, header.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
