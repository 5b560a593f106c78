using System.Net;
using SmtpShield.Listener;

namespace SmtpShield.Tests.Listener;

public sealed class EndpointTextTests
{
    [Theory]
    [InlineData("127.0.0.1:2525", "127.0.0.1:2525")]
    [InlineData("[::1]:25", "[::1]:25")]
    [InlineData("*:25", "[::]:25")]
    [InlineData(" 0.0.0.0:0 ", "0.0.0.0:0")]
    public void ValidEndpoint_Parses(string text, string expected)
    {
        Assert.True(EndpointText.TryParse(text, out IPEndPoint endpoint));
        Assert.Equal(expected, endpoint.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("1.2.3:25")]
    [InlineData("::1:25")]
    [InlineData("localhost:25")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:")]
    public void InvalidEndpoint_IsRefused(string text) => Assert.False(EndpointText.TryParse(text, out _));
}
