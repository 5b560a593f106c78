using System.Collections.Concurrent;

namespace SmtpShield.Sessions;

/// <summary>
/// The live sessions: counted for admission, walked once a second for timeouts (one shared timer, no
/// timer per connection), and told to close when the server stops.
/// </summary>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<SmtpSession, byte> _sessions = new(ReferenceEqualityComparer.Instance);
    private int _count;
    private volatile bool _shuttingDown;

    public int Count => Volatile.Read(ref _count);

    public bool IsShuttingDown => _shuttingDown;

    public void Add(SmtpSession session)
    {
        _sessions.TryAdd(session, 0);
        Interlocked.Increment(ref _count);
        if (_shuttingDown)
        {
            session.Interrupt(SessionEndReason.ShuttingDown);
        }
    }

    public void Remove(SmtpSession session)
    {
        if (_sessions.TryRemove(session, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Every session still in dialogue gets "421 4.3.2" now; new ones get it instead of a banner.</summary>
    public void BeginShutdown()
    {
        _shuttingDown = true;
        foreach (SmtpSession session in _sessions.Keys)
        {
            session.Interrupt(SessionEndReason.ShuttingDown);
        }
    }

    /// <summary>Called by <see cref="SessionHeartbeat"/> with the current timestamp.</summary>
    public void CheckTimeouts(long now)
    {
        foreach (SmtpSession session in _sessions.Keys)
        {
            try
            {
                session.CheckTimeouts(now);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                // A session racing to its end may have completed its pipes; an exception escaping a
                // timer callback would take the whole process down.
            }
        }
    }
}
