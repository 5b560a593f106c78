using System.Buffers;
using System.Text;

namespace SmtpShield.Benchmarks;

/// <summary>Builds inbound buffers as a socket would hand them over: one segment, or split where asked.</summary>
internal static class WireText
{
    public static ReadOnlySequence<byte> OneSegment(string text) => new(Encoding.ASCII.GetBytes(text));

    /// <summary>The text in two segments, split after <paramref name="splitAt"/> bytes (a read boundary).</summary>
    public static ReadOnlySequence<byte> TwoSegments(string text, int splitAt)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        var first = new Segment(bytes.AsMemory(0, splitAt), 0);
        Segment last = first.Append(bytes.AsMemory(splitAt));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

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
