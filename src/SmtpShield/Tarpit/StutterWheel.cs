namespace SmtpShield.Tarpit;

/// <summary>
/// One timer for every stuttering session: each Tarpit:StutterInterval it writes the next byte of every
/// reply in the tarpit. A wave of 14,250 stuttering sessions is one timer callback a second, not 14,250
/// timers, and each session holds a <see cref="StutterJob"/> instead of a timer and a waiting state machine.
/// The timer runs only while there is something to stutter.
/// </summary>
internal sealed class StutterWheel(TimeProvider time, TimeSpan interval) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<StutterJob> _jobs = [];
    private StutterJob[] _stepping = [];
    private ITimer? _timer;
    private int _ticking;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _jobs.Count;
            }
        }
    }

    /// <summary>Steps <paramref name="job"/> from the next tick on, until it is over.</summary>
    public Task<bool> RunAsync(StutterJob job)
    {
        lock (_gate)
        {
            _jobs.Add(job);
            _timer ??= time.CreateTimer(static state => ((StutterWheel)state!).Tick(), this, interval, interval);
        }

        return job.Completion;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Tick()
    {
        // Timer callbacks may overlap when one tick takes longer than the interval: the late one is dropped.
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            int count;
            lock (_gate)
            {
                count = _jobs.Count;
                if (_stepping.Length < count)
                {
                    _stepping = new StutterJob[Math.Max(count, _stepping.Length * 2)];
                }

                _jobs.CopyTo(_stepping);
            }

            // Outside the lock: new sessions join while the bytes go out.
            bool anyDone = false;
            for (int i = 0; i < count; i++)
            {
                anyDone |= !_stepping[i].Step();
            }

            Array.Clear(_stepping, 0, count);
            lock (_gate)
            {
                if (anyDone)
                {
                    _jobs.RemoveAll(static job => job.IsDone);
                }

                if (_jobs.Count == 0)
                {
                    _timer?.Dispose();
                    _timer = null;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
