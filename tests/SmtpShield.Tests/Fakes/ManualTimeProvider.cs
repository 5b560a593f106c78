namespace SmtpShield.Tests.Fakes;

/// <summary>A clock that moves only when a test says so; timers fire inside <see cref="Advance"/>.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>
    /// Moves the clock on by <paramref name="by"/>, firing each timer at every due time passed, in order,
    /// with the clock at that time: a periodic timer fires once per period, as it would in real time.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        // A timer re-armed at the same instant by its own callback would fire forever.
        const int MostFires = 100_000;
        int fires = 0;
        DateTimeOffset end;
        lock (_gate)
        {
            end = _now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= end).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = end;
                    return;
                }

                if (next.DueAt > _now)
                {
                    _now = next.DueAt;
                }
            }

            Assert.True(++fires <= MostFires, $"more than {MostFires} timer callbacks in one Advance({by})");
            next.Fire();
        }
    }

    /// <summary>Waits (in real time, at most 10 s) until <paramref name="count"/> timers are armed: the code under test is waiting on the clock.</summary>
    public async Task WaitForTimersAsync(int count = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (ArmedTimers < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{ArmedTimers} of {count} timers armed after 10 s");
            await Task.Delay(5);
        }
    }

    private int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt != DateTimeOffset.MaxValue);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; } = DateTimeOffset.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // As the real timers: negative spans other than Infinite are refused.
            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, Timeout.InfiniteTimeSpan);
            ArgumentOutOfRangeException.ThrowIfLessThan(period, Timeout.InfiniteTimeSpan);
            _period = period;
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : clock.GetUtcNow() + dueTime;
            return true;
        }

        public void Fire()
        {
            if (DueAt == DateTimeOffset.MaxValue)
            {
                return; // disposed or stopped since it was found due
            }

            DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? DateTimeOffset.MaxValue : DueAt + _period;
            callback(state);
        }

        public void Dispose() => DueAt = DateTimeOffset.MaxValue;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
