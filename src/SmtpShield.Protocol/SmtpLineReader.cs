using System.Buffers;

namespace SmtpShield.Protocol;

/// <summary>
/// Splits the inbound byte stream into command lines under a length limit. An overlong line is never
/// buffered: once the limit is passed without an LF, everything up to the LF is consumed and dropped,
/// and <see cref="LineStatus.LineTooLong"/> is reported once, when that LF arrives, so the error reply
/// keeps its place among pipelined replies.
/// </summary>
public struct SmtpLineReader
{
    // RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including the verb and the CRLF.
    public const int DefaultMaxLineLength = 512;

    private readonly int _maxLineLength;
    private bool _discarding;

    public SmtpLineReader(int maxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 8);
        _maxLineLength = maxLineLength;
    }

    /// <summary>The limit in octets, terminator included.</summary>
    public readonly int MaxLineLength => _maxLineLength == 0 ? DefaultMaxLineLength : _maxLineLength;

    /// <summary>True while the rest of an overlong line is being dropped.</summary>
    public readonly bool IsDiscarding => _discarding;

    /// <summary>
    /// Reads one line (without its CRLF or bare LF) from <paramref name="input"/>. On
    /// <see cref="LineStatus.NeedMoreData"/> nothing of a line in progress is consumed, except the bytes
    /// of an overlong line, which are dropped as they arrive. Examines at most <see cref="MaxLineLength"/>
    /// bytes of a line in progress.
    /// </summary>
    public LineStatus TryReadLine(ref SequenceReader<byte> input, out ReadOnlySequence<byte> line, out LineFlags flags)
    {
        line = default;
        flags = LineFlags.None;
        if (_discarding)
        {
            return DiscardToLineFeed(ref input);
        }

        int limit = MaxLineLength;
        ReadOnlySequence<byte> unread = input.UnreadSequence;
        ReadOnlySequence<byte> window = unread.Length > limit ? unread.Slice(0, limit) : unread;
        SequencePosition? lineFeed = window.PositionOf((byte)'\n');
        if (lineFeed is null)
        {
            if (unread.Length < limit)
            {
                return LineStatus.NeedMoreData;
            }

            // The limit has passed without an LF: drop what we have and the rest of the line as it comes.
            _discarding = true;
            input.Advance(limit);
            return DiscardToLineFeed(ref input);
        }

        ReadOnlySequence<byte> content = window.Slice(0, lineFeed.Value);
        input.Advance(content.Length + 1);
        if (content.Length > 0 && LastByte(content) == (byte)'\r')
        {
            content = content.Slice(0, content.Length - 1);
        }
        else
        {
            flags |= LineFlags.BareLineFeed;
        }

        flags |= ScanIrregular(content);
        line = content;
        return LineStatus.Line;
    }

    private LineStatus DiscardToLineFeed(ref SequenceReader<byte> input)
    {
        if (input.TryAdvanceTo((byte)'\n', advancePastDelimiter: true))
        {
            _discarding = false;
            return LineStatus.LineTooLong;
        }

        input.AdvanceToEnd();
        return LineStatus.NeedMoreData;
    }

    private static byte LastByte(in ReadOnlySequence<byte> sequence)
    {
        if (sequence.IsSingleSegment)
        {
            return sequence.FirstSpan[^1];
        }

        Span<byte> last = stackalloc byte[1];
        sequence.Slice(sequence.Length - 1).CopyTo(last);
        return last[0];
    }

    private static LineFlags ScanIrregular(in ReadOnlySequence<byte> content)
    {
        var flags = LineFlags.None;
        foreach (ReadOnlyMemory<byte> segment in content)
        {
            flags |= ScanIrregular(segment.Span);
        }

        return flags;
    }

    /// <summary>NUL, 8-bit and CR bytes in a line's content, by vectorised searches (one pass when all is plain ASCII).</summary>
    internal static LineFlags ScanIrregular(ReadOnlySpan<byte> content)
    {
        var flags = LineFlags.None;
        if (content.IndexOfAnyExceptInRange((byte)0x01, (byte)0x7F) >= 0)
        {
            flags |= content.Contains((byte)0) ? LineFlags.Nul : LineFlags.None;
            flags |= content.ContainsAnyInRange((byte)0x80, (byte)0xFF) ? LineFlags.EightBit : LineFlags.None;
        }

        return content.Contains((byte)'\r') ? flags | LineFlags.BareCarriageReturn : flags;
    }

}
