using System.Buffers;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Microsoft.Extensions.Options;

namespace SmtpShield.Tarpit;

/// <summary>
/// Answers distrusted clients slowly, on <see cref="TimeProvider"/> timers only: no thread and no polling
/// loop per connection, one timer while a session waits. Holds the count of tarpitted sessions: at
/// Tarpit:MaxTarpitted a wave of refused clients is answered at once and closed instead, so slowing bots
/// never costs more than refusing them.
/// </summary>
internal sealed class ReplyPacer
{
    public const string MeterName = "SmtpShield.Tarpit";

    private readonly TimeProvider _time;
    private readonly Counter<long> _full;
    private int _tarpitted;

    public ReplyPacer(IOptions<TarpitOptions> options, TimeProvider time, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        Options = options.Value;
        _time = time;
        Meter meter = meters.Create(MeterName);
        meter.CreateObservableGauge("smtpshield.tarpit.sessions", () => Tarpitted, "{session}", "Sessions being answered slowly now");
        _full = meter.CreateCounter<long>("smtpshield.tarpit.full", "{session}", "Sessions not slowed because Tarpit:MaxTarpitted were already");
    }

    public TarpitOptions Options { get; }

    public int Tarpitted => Volatile.Read(ref _tarpitted);

    /// <summary>Takes a place in the tarpit; false when it is full. A true must be matched by one <see cref="Leave"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _tarpitted) <= Options.MaxTarpitted)
        {
            return true;
        }

        Interlocked.Decrement(ref _tarpitted);
        _full.Add(1);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _tarpitted);

    /// <summary>How long the reply to a client's <paramref name="errors"/>th protocol error waits: longer with each one past Tarpit:ErrorDelayAfter.</summary>
    public TimeSpan ErrorDelay(int errors)
    {
        if (Options.ErrorDelayAfter == 0 || errors <= Options.ErrorDelayAfter)
        {
            return TimeSpan.Zero;
        }

        TimeSpan delay = Options.ErrorDelay * (errors - Options.ErrorDelayAfter);
        return delay < Options.MaxErrorDelay ? delay : Options.MaxErrorDelay;
    }

    /// <summary>The pause between two bytes of a stuttered reply of <paramref name="length"/> bytes: the whole fits in Tarpit:MaxStutter.</summary>
    public TimeSpan StutterInterval(int length)
    {
        TimeSpan fitting = Options.MaxStutter / Math.Max(1, length - 1);
        return fitting < Options.StutterInterval ? fitting : Options.StutterInterval;
    }

    public Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, _time, cancellationToken);

    /// <summary>
    /// Flushes what is pending, then writes <paramref name="wire"/> a byte per tick, each flushed on its own.
    /// Cancelled (an interrupt: shutdown, timeout), the rest goes out at once, so the 421 that follows is
    /// never spliced into a half-written reply. False when the client is gone.
    /// </summary>
    public async ValueTask<bool> StutterAsync(PipeWriter output, ReadOnlyMemory<byte> wire, CancellationToken cancellationToken)
    {
        if (!Sent(await output.FlushAsync(CancellationToken.None)))
        {
            return false;
        }

        if (wire.Length == 0 || StutterInterval(wire.Length) <= TimeSpan.Zero)
        {
            output.Write(wire.Span);
            return true;
        }

        using var timer = new PeriodicTimer(StutterInterval(wire.Length), _time);
        for (int i = 0; i < wire.Length; i++)
        {
            try
            {
                if (i > 0)
                {
                    await timer.WaitForNextTickAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                output.Write(wire.Span[i..]);
                return true;
            }

            output.Write(wire.Span.Slice(i, 1));
            if (i < wire.Length - 1 && !Sent(await output.FlushAsync(CancellationToken.None)))
            {
                return false;
            }
        }

        // The last byte goes with the session's own flush, like every other reply.
        return true;
    }

    private static bool Sent(FlushResult result) => !result.IsCompleted;
}
