using System.Buffers;
using System.IO.Pipelines;

namespace SmtpShield.Relay.Splice;

/// <summary>One direction of a splice: bytes as they come, no parsing, one flush per read.</summary>
internal static class Pump
{
    /// <summary>
    /// Copies until <paramref name="from"/> ends (true) or the copy is cancelled or <paramref name="to"/>
    /// is gone (false). I/O errors propagate to the caller, which knows which side they belong to.
    /// </summary>
    public static async Task<bool> CopyAsync(PipeReader from, PipeWriter to, Action<long> moved)
    {
        while (true)
        {
            ReadResult result = await from.ReadAsync();
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (result.IsCanceled)
            {
                from.AdvanceTo(buffer.Start);
                return false;
            }

            if (!buffer.IsEmpty)
            {
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    to.Write(segment.Span);
                }

                long length = buffer.Length;
                from.AdvanceTo(buffer.End);
                moved(length);
                FlushResult flushed = await to.FlushAsync();
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return false;
                }
            }
            else
            {
                from.AdvanceTo(buffer.End);
            }

            if (result.IsCompleted)
            {
                return true;
            }
        }
    }
}
