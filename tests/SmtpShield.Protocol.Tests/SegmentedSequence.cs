namespace SmtpShield.Protocol.Tests;

/// <summary>
/// Builds <see cref="ReadOnlySequence{T}"/>s of several segments, the shape a PipeReader hands over when a
/// command arrives in several TCP reads. Each segment is its own array, so nothing is accidentally contiguous.
/// </summary>
internal static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Create(params byte[][] parts)
    {
        byte[][] nonEmpty = [.. parts.Where(p => p.Length > 0)];
        if (nonEmpty.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(nonEmpty[0].ToArray(), 0);
        Segment last = first;
        foreach (byte[] part in nonEmpty.Skip(1))
        {
            last = last.Append(part.ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="bytes"/> before each of the given offsets (ascending).</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] bytes, params int[] offsets)
    {
        var parts = new List<byte[]>();
        int start = 0;
        foreach (int offset in offsets)
        {
            parts.Add(bytes[start..offset]);
            start = offset;
        }

        parts.Add(bytes[start..]);
        return Create([.. parts]);
    }

    /// <summary>One segment per byte: the worst case for code that assumes contiguous memory.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes) =>
        Create([.. bytes.Select(b => new[] { b })]);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
