namespace SmtpShield.Protocol.Tests;

/// <summary>
/// Plays the session's read loop without a socket: bytes arrive in chunks, every complete command is read,
/// and what was not consumed is kept for the next chunk, as a PipeReader keeps it after AdvanceTo.
/// </summary>
internal sealed class InboundBuffer
{
    private SmtpCommandReader _reader;
    private byte[] _unconsumed = [];

    public InboundBuffer(int maxLineLength = SmtpLineReader.DefaultMaxLineLength) =>
        _reader = new SmtpCommandReader(maxLineLength);

    /// <summary>Bytes held between reads; the line limit must bound this.</summary>
    public int Buffered => _unconsumed.Length;

    /// <summary>The most bytes ever held between reads.</summary>
    public int MostBuffered { get; private set; }

    public List<CommandSnapshot> Receive(byte[] chunk)
    {
        // Held bytes and the new chunk are separate segments, as in a pipe.
        ReadOnlySequence<byte> buffer = SegmentedSequence.Create(_unconsumed, chunk);
        List<CommandSnapshot> commands = CommandSnapshot.ReadAll(ref _reader, buffer, out long consumed);
        _unconsumed = buffer.Slice(consumed).ToArray();
        MostBuffered = Math.Max(MostBuffered, _unconsumed.Length);
        return commands;
    }

    public List<CommandSnapshot> ReceiveAll(IEnumerable<byte[]> chunks) => [.. chunks.SelectMany(Receive)];
}
