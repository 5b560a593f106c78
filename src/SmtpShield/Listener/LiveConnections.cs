namespace SmtpShield.Listener;

/// <summary>
/// The accepted SMTP connections not yet closed, so a stop can wait for them and then abort the rest.
/// An intrusive list (the links are fields of the connection): no node, no bucket per connection.
/// </summary>
internal sealed class LiveConnections
{
    private readonly Lock _gate = new();
    private SocketSmtpConnection? _first;
    private int _count;
    private TaskCompletionSource? _empty;

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

    public void Add(SocketSmtpConnection connection)
    {
        lock (_gate)
        {
            connection.Next = _first;
            if (_first is not null)
            {
                _first.Previous = connection;
            }

            _first = connection;
            _count++;
        }
    }

    public void Remove(SocketSmtpConnection connection)
    {
        lock (_gate)
        {
            if (connection.Previous is { } previous)
            {
                previous.Next = connection.Next;
            }
            else if (_first == connection)
            {
                _first = connection.Next;
            }
            else
            {
                return; // removed already
            }

            if (connection.Next is { } next)
            {
                next.Previous = connection.Previous;
            }

            connection.Previous = null;
            connection.Next = null;
            if (--_count == 0)
            {
                _empty?.TrySetResult();
                _empty = null;
            }
        }
    }

    /// <summary>Completes when no connection is left (at once if none is).</summary>
    public Task WhenEmptyAsync()
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _empty ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _empty.Task;
        }
    }

    /// <summary>Aborts every connection still open; their sessions then end and remove them.</summary>
    public void AbortAll()
    {
        List<SocketSmtpConnection> open = [];
        lock (_gate)
        {
            for (SocketSmtpConnection? c = _first; c is not null; c = c.Next)
            {
                open.Add(c);
            }
        }

        foreach (SocketSmtpConnection connection in open)
        {
            connection.Abort();
        }
    }
}
