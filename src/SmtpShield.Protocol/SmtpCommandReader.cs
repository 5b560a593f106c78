using System.Buffers;

namespace SmtpShield.Protocol;

/// <summary>
/// Reads pipelined commands from a buffer: one line at a time through <see cref="SmtpLineReader"/>, then
/// <see cref="SmtpCommandParser"/>. A line that spans buffer segments is copied into a scratch array
/// rented for the current read only; call <see cref="ReleaseScratch"/> before awaiting more input so an
/// idle session holds no buffer.
/// </summary>
public struct SmtpCommandReader
{
    private SmtpLineReader _lines;
    private byte[]? _scratch;

    public SmtpCommandReader(int maxLineLength) => _lines = new SmtpLineReader(maxLineLength);

    public readonly int MaxLineLength => _lines.MaxLineLength;

    /// <summary>
    /// Reads the next command. <see cref="ParseStatus.NeedMoreData"/> consumes nothing of a line in
    /// progress (bytes of an overlong line are dropped as they come). Fields of
    /// <paramref name="command"/> are valid until the next call, the buffer is advanced, or the scratch is released.
    /// </summary>
    public ParseStatus TryRead(ref SequenceReader<byte> input, out SmtpCommand command)
    {
        command = default;
        if (!_lines.IsDiscarding && TryReadWithinSegment(ref input, out ReadOnlyMemory<byte> contiguous, out LineFlags lineFlags))
        {
            return SmtpCommandParser.Parse(contiguous, lineFlags, out command);
        }

        LineStatus status = _lines.TryReadLine(ref input, out ReadOnlySequence<byte> line, out LineFlags flags);
        if (status == LineStatus.NeedMoreData)
        {
            return ParseStatus.NeedMoreData;
        }

        if (status == LineStatus.LineTooLong)
        {
            return ParseStatus.LineTooLong;
        }

        return SmtpCommandParser.Parse(Contiguous(line), flags, out command);
    }

    /// <summary>Returns the scratch array, if any, to the pool.</summary>
    public void ReleaseScratch()
    {
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }

    /// <summary>
    /// The common case, taken without building sequence slices: the whole line, LF included, lies in the
    /// current buffer segment within the limit. Anything else (a line crossing segments, an incomplete or
    /// overlong line) goes through <see cref="SmtpLineReader"/>, which decides identically.
    /// </summary>
    private readonly bool TryReadWithinSegment(ref SequenceReader<byte> input, out ReadOnlyMemory<byte> line, out LineFlags flags)
    {
        line = default;
        flags = LineFlags.None;
        ReadOnlySpan<byte> unread = input.UnreadSpan;
        int lineFeed = unread[..Math.Min(unread.Length, _lines.MaxLineLength)].IndexOf((byte)'\n');
        if (lineFeed < 0)
        {
            return false;
        }

        SequencePosition position = input.Position;
        if (!input.Sequence.TryGet(ref position, out ReadOnlyMemory<byte> segment, advance: false) || segment.Length < lineFeed)
        {
            return false;
        }

        int length = lineFeed;
        if (length > 0 && unread[length - 1] == (byte)'\r')
        {
            length--;
        }
        else
        {
            flags = LineFlags.BareLineFeed;
        }

        flags |= SmtpLineReader.ScanIrregular(unread[..length]);
        line = segment[..length];
        input.Advance(lineFeed + 1);
        return true;
    }

    private ReadOnlyMemory<byte> Contiguous(in ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return line.First;
        }

        // A line is at most MaxLineLength octets, so one scratch array, reused per line, always fits.
        _scratch ??= ArrayPool<byte>.Shared.Rent(_lines.MaxLineLength);
        Memory<byte> region = _scratch.AsMemory(0, (int)line.Length);
        line.CopyTo(region.Span);
        return region;
    }
}
