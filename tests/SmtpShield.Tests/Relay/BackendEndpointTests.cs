using System.Net;
using System.Net.Sockets;
using SmtpShield.Relay;

namespace SmtpShield.Tests.Relay;

public class BackendEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:10025", "127.0.0.1:10025")]
    [InlineData(" [::1]:10025 ", "[::1]:10025")]
    public void TcpEndpoints(string text, string expected)
    {
        Assert.True(BackendEndpoint.TryParse(text, out EndPoint endpoint));
        Assert.Equal(IPEndPoint.Parse(expected), endpoint);
    }

    [Fact]
    public void UnixSocket()
    {
        Assert.True(BackendEndpoint.TryParse("unix:/var/spool/postfix/public/smtpshield", out EndPoint endpoint));
        Assert.Equal("/var/spool/postfix/public/smtpshield", Assert.IsType<UnixDomainSocketEndPoint>(endpoint).ToString());
    }

    [Theory]
    [InlineData("localhost:25")] // names are not resolved: an address says exactly where mail goes
    [InlineData("127.0.0.1")] // no port
    [InlineData("127.0.0.1:0")]
    [InlineData("*:25")] // a listener's wildcard is no destination
    [InlineData("::1:25")] // IPv6 must be bracketed
    [InlineData("unix:relative/path")]
    [InlineData("unix:")]
    [InlineData("")]
    [InlineData(null)]
    public void Refused(string? text) => Assert.False(BackendEndpoint.TryParse(text, out _));

    [Theory]
    [InlineData("xclient", "Xclient")]
    [InlineData("PROXY-V1", "ProxyV1")]
    [InlineData("proxy-v2", "ProxyV2")]
    [InlineData(" none ", "None")]
    public void Identities(string text, string expected)
    {
        Assert.True(BackendOptions.TryParseIdentity(text, out BackendIdentity identity));
        Assert.Equal(expected, identity.ToString());
    }

    [Theory]
    [InlineData("proxy")]
    [InlineData("xforward")]
    [InlineData("")]
    public void UnknownIdentities(string text) => Assert.False(BackendOptions.TryParseIdentity(text, out _));
}
