using System.Buffers;
using System.Text;

namespace SmtpShield.Protocol;

/// <summary>
/// The client side: reads one complete (possibly multi-line) server reply (RFC 5321 §4.2.1) from a
/// buffer, for the relay handoff, callouts and test clients.
/// </summary>
public static class SmtpReplyParser
{
    /// <summary>RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including CRLF; be generous.</summary>
    public const int DefaultMaxLineLength = 2048;

    /// <summary>A reply runs to at most this many lines (EHLO lists are the longest seen, ~20).</summary>
    public const int MaxLines = 100;

    /// <summary>
    /// On success consumes the whole reply. <see cref="ParseStatus.NeedMoreData"/> consumes nothing;
    /// <see cref="ParseStatus.SyntaxError"/> means the peer does not speak SMTP.
    /// </summary>
    public static ParseStatus TryParse(ref SequenceReader<byte> input, out ParsedReply reply, int maxLineLength = DefaultMaxLineLength)
    {
        reply = default!;
        SequenceReader<byte> probe = input;
        var lines = new List<string>();
        int code = 0;
        while (true)
        {
            if (!probe.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                return probe.Remaining >= maxLineLength ? ParseStatus.SyntaxError : ParseStatus.NeedMoreData;
            }

            // maxLineLength counts the LF too, so a line is judged the same whether or not its LF has arrived
            // (the check above refuses maxLineLength octets without one).
            if (line.Length >= maxLineLength || lines.Count >= MaxLines)
            {
                return ParseStatus.SyntaxError;
            }

            string text = Encoding.UTF8.GetString(line).TrimEnd('\r');
            if (text.Length < 3 || !IsCode(text.AsSpan(0, 3), out int lineCode)
                || (text.Length > 3 && text[3] is not (' ' or '-'))
                || (code != 0 && lineCode != code))
            {
                return ParseStatus.SyntaxError;
            }

            code = lineCode;
            lines.Add(text.Length > 4 ? text[4..] : string.Empty);
            if (text.Length == 3 || text[3] == ' ')
            {
                ReadOnlySequence<byte> raw = input.UnreadSequence.Slice(0, probe.Position);
                reply = new ParsedReply(code, lines, raw.ToArray());
                input = probe;
                return ParseStatus.Complete;
            }
        }
    }

    private static bool IsCode(ReadOnlySpan<char> digits, out int code)
    {
        code = 0;
        if (digits[0] is < '2' or > '5' || !char.IsAsciiDigit(digits[1]) || !char.IsAsciiDigit(digits[2]))
        {
            return false;
        }

        code = ((digits[0] - '0') * 100) + ((digits[1] - '0') * 10) + (digits[2] - '0');
        return true;
    }
}

/// <summary>A server reply as received: its code, the text of each line, and the raw bytes for verbatim forwarding.</summary>
public sealed record ParsedReply(int Code, IReadOnlyList<string> Lines, byte[] Raw)
{
    public bool IsPositive => Code < 400;

    public override string ToString() => $"{Code} {string.Join(" / ", Lines)}";
}
