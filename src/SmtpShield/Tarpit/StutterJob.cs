using System.Buffers;
using System.IO.Pipelines;

namespace SmtpShield.Tarpit;

/// <summary>
/// One reply being stuttered: the bytes still to go, a byte per tick of the <see cref="StutterWheel"/>.
/// Small on purpose (a wave holds thousands): no timer, task or registration of its own beyond the one
/// completion the session awaits. The wheel steps it; an interrupt ends it; whichever comes first wins.
/// </summary>
internal sealed class StutterJob(PipeWriter output, ReadOnlyMemory<byte> wire, int limit, int written)
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Task<FlushResult>? _flushing;
    private bool _interrupted;

    /// <summary>True when the client took every byte written; false when it is gone.</summary>
    public Task<bool> Completion => _done.Task;

    /// <summary>Bytes of the reply written so far; the session writes the rest once <see cref="Completion"/> is done.</summary>
    public int Written { get; private set; } = written;

    public bool IsDone => _done.Task.IsCompleted;

    /// <summary>Writes the next byte (unless the last flush is still pending); false once the job is over.</summary>
    public bool Step()
    {
        lock (_gate)
        {
            if (IsDone)
            {
                return false;
            }

            if (_flushing is { } flushing)
            {
                if (!flushing.IsCompleted)
                {
                    return true; // the socket is behind; this tick is skipped
                }

                _flushing = null;
                bool gone = !flushing.IsCompletedSuccessfully || flushing.Result.IsCompleted;
                if (gone || _interrupted)
                {
                    _done.TrySetResult(!gone);
                    return false;
                }
            }

            output.Write(wire.Span.Slice(Written++, 1));
            if (Written >= limit)
            {
                // The rest, and the flush of this byte, are the session's.
                _done.TrySetResult(true);
                return false;
            }

            try
            {
                ValueTask<FlushResult> flush = output.FlushAsync(CancellationToken.None);
                if (!flush.IsCompleted)
                {
                    _flushing = flush.AsTask();
                }
                else if (flush.Result.IsCompleted)
                {
                    _done.TrySetResult(false);
                    return false;
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                _done.TrySetResult(false);
                return false;
            }

            return true;
        }
    }

    /// <summary>
    /// An interrupt (shutdown, a timeout): the stutter ends now and the session sends the rest; if a byte
    /// is still being flushed, at the wheel's next step (the session must not flush over a pending flush).
    /// </summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            _interrupted = true;
            if (_flushing is null)
            {
                _done.TrySetResult(true);
            }
        }
    }
}
