namespace SmtpLoad;

/// <summary>
/// What <c>--expect-rcpt</c> asks of a reply: a full code (554) must match exactly; a single digit (5) is a
/// class, any reply of it will do, so one load can be run against servers that reject with 550 and 554.
/// </summary>
internal static class ReplyExpectation
{
    public static bool Holds(int? expected, int code) => expected switch
    {
        null => true,
        < 10 and var replyClass => code / 100 == replyClass,
        var exact => code == exact,
    };
}
