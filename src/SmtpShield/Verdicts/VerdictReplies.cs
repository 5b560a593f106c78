using System.Net;
using SmtpShield.Protocol;

namespace SmtpShield.Verdicts;

/// <summary>
/// The replies that carry a verdict's reason. Their shape follows Postfix's default_rbl_reply
/// ("Service unavailable; client [addr] blocked using zone; reason") so fail2ban filters and pflogsumm
/// recognise them, and a false positive reads why.
/// </summary>
internal static class VerdictReplies
{
    /// <summary>At RCPT TO: 554 5.7.1 (RFC 5321 §3.9 "transaction failed"; Postfix uses it for RBL rejects).</summary>
    public static SmtpReply Rejected(IPAddress client, string reason) =>
        new(554, new EnhancedStatusCode(5, 7, 1), $"Service unavailable; client [{client}] {OneLine(reason)}");

    /// <summary>At RCPT TO, when the sender's own mail server refused the sender (a callout): 550 5.1.7 "bad sender's mailbox address" (RFC 3463).</summary>
    public static SmtpReply SenderRejected(string reason) =>
        new(550, new EnhancedStatusCode(5, 1, 7), $"Sender address rejected: {OneLine(reason)}");

    /// <summary>At once, then close: RFC 7504's 521 "does not accept mail".</summary>
    public static SmtpReply Dropped(string hostname, IPAddress client, string reason) =>
        new(521, new EnhancedStatusCode(5, 7, 1), $"{hostname} Service unavailable; client [{client}] {OneLine(reason)}");

    public static SmtpReply TemporarilyRefused(string reason) =>
        new(451, new EnhancedStatusCode(4, 7, 1), $"Service temporarily unavailable; {OneLine(reason)}; try again later");

    // A reason may quote DNS TXT data: never let it break the reply's framing or run on forever.
    private static string OneLine(string text)
    {
        const int MaxReasonLength = 400;
        string cut = text.Length > MaxReasonLength ? text[..MaxReasonLength] : text;
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) || source[i] > '~' ? '?' : source[i];
            }
        });
    }
}
