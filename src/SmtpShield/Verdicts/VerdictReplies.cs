using System.Net;
using SmtpShield.Protocol;

namespace SmtpShield.Verdicts;

/// <summary>
/// The replies that carry a verdict's reason. Their shape follows Postfix's default_rbl_reply
/// ("Service unavailable; client [addr] ...") so fail2ban filters and pflogsumm recognise them.
/// </summary>
internal static class VerdictReplies
{
    public static SmtpReply Rejected(IPAddress client, string reason) =>
        new(550, new EnhancedStatusCode(5, 7, 1), $"Service unavailable; client [{client}] {OneLine(reason)}");

    public static SmtpReply TemporarilyRefused(string reason) =>
        new(451, new EnhancedStatusCode(4, 7, 1), $"Service temporarily unavailable; {OneLine(reason)}; try again later");

    // A reason may quote DNS TXT data: never let it break the reply's framing.
    private static string OneLine(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
}
