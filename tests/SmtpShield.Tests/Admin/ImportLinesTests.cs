using SmtpShield.Admin;

namespace SmtpShield.Tests.Admin;

/// <summary>A text/plain import: one entry per line, "#" and ";" comments, blank lines skipped, numbers 1-based.</summary>
public sealed class ImportLinesTests
{
    [Fact]
    public void CommentsAndBlankLines_AreSkippedAndLinesKeepTheirNumbers()
    {
        const string Text = "# our list\n192.0.2.7\n\n  198.51.100.0/24   ; SBL123\r\n2001:db8::/48 # hoster\n   \n;only a comment\n192.0.2.300";

        Assert.Equal(
            [(2, "192.0.2.7"), (4, "198.51.100.0/24"), (5, "2001:db8::/48"), (8, "192.0.2.300")],
            ImportLines.Read(Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# nothing\n; else\n")]
    public void NothingButCommentsAndBlanks_IsNoLines(string text) => Assert.Empty(ImportLines.Read(text));
}
