using System.Buffers;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Microsoft.Extensions.Options;

namespace SmtpShield.Tarpit;

/// <summary>
/// Answers distrusted clients slowly, on <see cref="TimeProvider"/> timers only: no thread and no polling
/// loop per connection; one timer while a session waits, and one for all stuttering sessions together.
/// Holds the count of tarpitted sessions: at Tarpit:MaxTarpitted a wave of refused clients is answered
/// at once and closed instead, so slowing bots never costs more than refusing them.
/// </summary>
internal sealed class ReplyPacer : IDisposable
{
    public const string MeterName = "SmtpShield.Tarpit";

    private readonly TimeProvider _time;
    private readonly Counter<long> _full;
    private readonly StutterWheel _wheel;
    private int _tarpitted;

    public ReplyPacer(IOptions<TarpitOptions> options, TimeProvider time, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        Options = options.Value;
        _time = time;
        Meter meter = meters.Create(MeterName);
        meter.CreateObservableGauge("smtpshield.tarpit.sessions", () => Tarpitted, "{session}", "Sessions being answered slowly now");
        _wheel = new StutterWheel(time, Options.StutterInterval);
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

    /// <summary>
    /// How many bytes of a stuttered reply go out one at a time: one per Tarpit:StutterInterval for at most
    /// Tarpit:MaxStutter, then the rest at once (spamd's -S). The interval is never shortened: every tick
    /// is a write and a wakeup, and a wave of thousands of stuttering sessions must stay cheap.
    /// </summary>
    public int StutteredBytes(int length)
    {
        long ticks = Options.MaxStutter.Ticks / Options.StutterInterval.Ticks;
        return (int)Math.Min(length, ticks + 1);
    }

    public Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, _time, cancellationToken);

    /// <summary>
    /// Flushes what is pending, writes the first byte of <paramref name="wire"/>, then one per tick of the
    /// shared <see cref="StutterWheel"/>, and after <see cref="StutteredBytes"/> the rest at once.
    /// Cancelled (an interrupt: shutdown, timeout), the rest goes out at once too, so the 421 that follows
    /// is never spliced into a half-written reply. False when the client is gone.
    /// </summary>
    public async ValueTask<bool> StutterAsync(PipeWriter output, ReadOnlyMemory<byte> wire, CancellationToken cancellationToken)
    {
        if (!Sent(await output.FlushAsync(CancellationToken.None)))
        {
            return false;
        }

        int limit = StutteredBytes(wire.Length);
        int written = 0;
        if (limit > 1 && !cancellationToken.IsCancellationRequested)
        {
            output.Write(wire.Span[..1]);
            if (!Sent(await output.FlushAsync(CancellationToken.None)))
            {
                return false;
            }

            var job = new StutterJob(output, wire, limit, written: 1);
            using (cancellationToken.UnsafeRegister(static state => ((StutterJob)state!).Interrupt(), job))
            {
                if (!await _wheel.RunAsync(job))
                {
                    return false;
                }
            }

            written = job.Written;
        }

        // The rest at once (after MaxStutter, or interrupted); it goes with the session's own flush.
        output.Write(wire.Span[written..]);
        return true;
    }

    public void Dispose() => _wheel.Dispose();

    private static bool Sent(FlushResult result) => !result.IsCompleted;
}
