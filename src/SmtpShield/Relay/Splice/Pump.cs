using System.Buffers;
using System.IO.Pipelines;

namespace SmtpShield.Relay.Splice;

/// <summary>One direction of a splice: bytes as they come, no parsing, one flush per read.</summary>
internal static class Pump
{
    /// <summary>
    /// Copies until <paramref name="from"/> ends (true) or the copy is cancelled or <paramref name="to"/>
    /// is gone (false). Read errors propagate: they are the source side's failure. A failing write is
    /// the destination's, so it ends the copy as "gone" instead of blaming the source.
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
                if (!await FlushAsync(to))
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

    /// <summary>Flushes; false when the destination is gone (completed, cancelled, or its connection broke).</summary>
    public static async ValueTask<bool> FlushAsync(PipeWriter to)
    {
        try
        {
            FlushResult flushed = await to.FlushAsync();
            return !flushed.IsCompleted && !flushed.IsCanceled;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
