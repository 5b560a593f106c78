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
