namespace SmtpShield.Tarpit;

/// <summary>
/// One timer for every stuttering session: each Tarpit:StutterInterval it writes the next byte of every
/// reply in the tarpit. A wave of 14,250 stuttering sessions is one timer, not 14,250, and each session
/// holds a <see cref="StutterJob"/> instead of a timer and a waiting state machine. The timer runs only
/// while there is something to stutter.
/// </summary>
/// <remarks>
/// The interval is cut into slots of about 50 ms, each stepped once an interval, and the replies join
/// them in turn, so a wave's bytes go out spread evenly over the interval, however its RCPTs bunched up
/// (a reply's first step is at most an interval away, as with a single tick). Every byte borrows a 4 KiB socket buffer until the socket has sent it: written all in one tick,
/// 14,250 bytes borrowed 14,250 buffers at once, which the pool then kept or the GC had to collect each
/// second.
/// </remarks>
internal sealed class StutterWheel : IDisposable
{
    private static readonly TimeSpan s_slotLength = TimeSpan.FromMilliseconds(50);
    private const int MostSlots = 20;

    private readonly TimeProvider _time;
    private readonly TimeSpan _slotLength;
    private readonly Lock _gate = new();
    private readonly List<StutterJob>[] _slots;
    private StutterJob[] _stepping = [];
    private int _nextSlot;
    private int _joined;
    private int _count;
    private ITimer? _timer;
    private int _ticking;

    public StutterWheel(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        int slots = (int)Math.Clamp(interval.Ticks / s_slotLength.Ticks, 1, MostSlots);
        _slotLength = interval / slots;
        _slots = new List<StutterJob>[slots];
        for (int i = 0; i < slots; i++)
        {
            _slots[i] = [];
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Steps <paramref name="job"/> once an interval, the first time at most an interval away, until it is over.</summary>
    public Task<bool> RunAsync(StutterJob job)
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                // A wheel starting afresh steps this slot last: a lone reply gets exactly an interval.
                _nextSlot = (_joined + 1) % _slots.Length;
                _timer = _time.CreateTimer(static state => ((StutterWheel)state!).Tick(), this, _slotLength, _slotLength);
            }

            _slots[_joined].Add(job);
            _joined = (_joined + 1) % _slots.Length;
            _count++;
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
        // Timer callbacks may overlap when one tick takes longer than a slot: the late one is dropped.
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            List<StutterJob> slot;
            int count;
            lock (_gate)
            {
                slot = _slots[_nextSlot];
                _nextSlot = (_nextSlot + 1) % _slots.Length;
                count = slot.Count;
                if (_stepping.Length < count)
                {
                    _stepping = new StutterJob[Math.Max(count, _stepping.Length * 2)];
                }

                slot.CopyTo(_stepping);
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
                    _count -= slot.RemoveAll(static job => job.IsDone);
                }

                if (_count == 0)
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
