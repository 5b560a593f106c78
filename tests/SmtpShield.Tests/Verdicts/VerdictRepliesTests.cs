using System.Net;
using SmtpShield.Verdicts;

namespace SmtpShield.Tests.Verdicts;

public sealed class VerdictRepliesTests
{
    [Fact]
    public void Rejection_HasPostfixShapeSoLogParsersRecogniseIt()
    {
        Assert.Equal(
            "554 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.example",
            VerdictReplies.Rejected(IPAddress.Parse("192.0.2.1"), "blocked using zen.example").ToString());
    }

    [Fact]
    public void ReasonWithLineBreaks_CannotBreakTheReplyFraming()
    {
        string wire = System.Text.Encoding.ASCII.GetString(
            VerdictReplies.Rejected(IPAddress.Parse("192.0.2.1"), "listed\r\n250 2.0.0 fake").Wire.Span);
        Assert.Single(wire.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }
}
