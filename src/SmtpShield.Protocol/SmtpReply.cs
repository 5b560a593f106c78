using System.Text;

namespace SmtpShield.Protocol;

/// <summary>
/// A complete reply, encoded once to its wire form (RFC 5321 §4.2): every line but the last is
/// "code-text", the last "code text"; with an enhanced code, every line carries it (RFC 2034 §4).
/// </summary>
public sealed class SmtpReply
{
    public SmtpReply(int code, EnhancedStatusCode? enhanced, params string[] lines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        if (lines.Length == 0)
        {
            lines = [string.Empty];
        }

        Code = code;
        Enhanced = enhanced;
        Lines = lines;
        Wire = Encode(code, enhanced, lines);
    }

    public int Code { get; }

    public EnhancedStatusCode? Enhanced { get; }

    public IReadOnlyList<string> Lines { get; }

    /// <summary>The reply as sent, CRLF after every line.</summary>
    public ReadOnlyMemory<byte> Wire { get; }

    public bool IsPositive => Code < 400;

    public bool IsTransientFailure => Code is >= 400 and < 500;

    public bool IsPermanentFailure => Code >= 500;

    /// <summary>The reply as one log-friendly line: "550 5.7.1 text".</summary>
    public override string ToString() => Encoding.UTF8.GetString(Wire.Span).TrimEnd('\r', '\n').Replace("\r\n", " / ", StringComparison.Ordinal);

    private static byte[] Encode(int code, EnhancedStatusCode? enhanced, string[] lines)
    {
        var text = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.AsSpan().ContainsAny('\r', '\n'))
            {
                throw new ArgumentException("Reply text must not contain CR or LF.", nameof(lines));
            }

            // RFC 5321 §4.2: Reply-code [ SP textstring ] CRLF; an empty last line is "250", not "250 ".
            string body = enhanced is { } e ? (line.Length == 0 ? e.ToString() : $"{e} {line}") : line;
            text.Append(code);
            if (i < lines.Length - 1)
            {
                text.Append('-');
            }
            else if (body.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(body).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
