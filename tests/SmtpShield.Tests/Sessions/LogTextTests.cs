using SmtpShield.Sessions;

namespace SmtpShield.Tests.Sessions;

/// <summary>Client text in log lines can never forge a line or a field.</summary>
public sealed class LogTextTests
{
    [Theory]
    [InlineData("mx.example.org", "mx.example.org")]
    [InlineData("evil\r\nDISCONNECT [1.2.3.4]", "evil??DISCONNECT [1.2.3.4]")]
    [InlineData("a\0b\u001b[31m", "a?b?[31m")]
    [InlineData("x> from=<y", "x? from=?y")]
    public void ControlCharactersAndBrackets_AreReplaced(string input, string expected) =>
        Assert.Equal(expected, LogText.Sanitize(input));

    [Fact]
    public void LongValues_AreCut() => Assert.Equal(LogText.MaxLength, LogText.Sanitize(new string('a', 5000)).Length);

    [Fact]
    public void MissingAndNullValues_AreDistinct()
    {
        Assert.Equal("-", LogText.Bracketed(null));
        Assert.Equal("<>", LogText.Bracketed(string.Empty));
    }
}
