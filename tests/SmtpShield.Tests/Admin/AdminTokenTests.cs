using System.Buffers.Text;
using SmtpShield.Admin;

namespace SmtpShield.Tests.Admin;

/// <summary>The bearer token: only the exact token matches, and generated tokens are 32 random bytes in base64url.</summary>
public sealed class AdminTokenTests
{
    private const string Token = "q0T0Jm4u1ZB8xkqGg9u6nQyqgUo0G8Tk3Wc0bJc2yFQ";

    [Theory]
    [InlineData(Token, true)]
    [InlineData(Token + "x", false)]
    [InlineData("q0T0Jm4u1ZB8xkqGg9u6nQyqgUo0G8Tk3Wc0bJc2yF", false)]
    [InlineData("Q0T0Jm4u1ZB8xkqGg9u6nQyqgUo0G8Tk3Wc0bJc2yFQ", false)]
    [InlineData("", false)]
    [InlineData("x", false)]
    public void OnlyTheExactToken_Matches(string presented, bool matches) =>
        Assert.Equal(matches, new AdminToken(Token).Matches(presented));

    [Fact]
    public void GeneratedToken_Is32RandomBytesInBase64Url()
    {
        string[] tokens = [.. Enumerable.Range(0, 100).Select(_ => AdminToken.Generate())];

        Assert.All(tokens, token =>
        {
            Assert.Equal(43, token.Length);
            Assert.Equal(AdminToken.GeneratedBytes, Base64Url.DecodeFromChars(token).Length);
            Assert.True(token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), token);
        });
        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());
    }
}
