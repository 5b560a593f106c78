using System.IO.Pipelines;
using SmtpShield.Verdicts;

namespace SmtpShield.Sessions;

/// <summary>How a session is interrupted (timeouts, shutdown, a drop) and the reply it then owes the client.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>
    /// Asks the session to end with the reply due for <paramref name="reason"/> (timeout, shutdown). Safe
    /// from any thread: it only cancels the pending read and flush; the session writes the 421 itself.
    /// </summary>
    public void Interrupt(SessionEndReason reason)
    {
        if (_splice is not null)
        {
            // A spliced dialogue is the backend's: no 421 can be put into it. Shutdown lets it finish
            // within ShutdownTimeout; the heartbeat enforces the relay's own limits.
            return;
        }

        if (Interlocked.CompareExchange(ref _interruptReason, (int)reason, 0) != 0)
        {
            return;
        }

        Volatile.Write(ref _interruptedAt, _shared.Time.GetTimestamp());
        Context.CancelPacing();
        IDuplexPipe transport = _transport;
        transport.Input.CancelPendingRead();
        if (transport == _connection.Transport)
        {
            // Only the plaintext pipe: cancelling a flush over SslStream abandons a record whose
            // sequence number is already spent, and the client sees "bad record mac" instead of
            // the 421. A TLS client that will not read is cut by the heartbeat after the grace.
            transport.Output.CancelPendingFlush();
        }
    }

    /// <summary>Heartbeat: interrupt on an expired deadline; abort a session that ignored its interrupt.</summary>
    public void CheckTimeouts(long now)
    {
        if (CheckSpliceTimeouts(now))
        {
            return;
        }

        if (IsInterrupted)
        {
            if (_shared.Time.GetElapsedTime(Volatile.Read(ref _interruptedAt), now) > s_interruptGrace)
            {
                _connection.Abort();
            }
        }
        else if (now >= _sessionDeadline)
        {
            Interrupt(SessionEndReason.SessionLifetime);
        }
        else if (now >= Volatile.Read(ref _commandDeadline))
        {
            Interrupt(SessionEndReason.Timeout);
        }
    }

    /// <summary>Writes the reply an interrupt calls for; false when the interrupt turned out moot.</summary>
    private async Task<bool> SayGoodbyeAsync(SessionEndReason reason, CancellationToken cancellationToken)
    {
        SessionReplies replies = _shared.Replies;
        if (reason == SessionEndReason.Dropped)
        {
            if (Context.Checks.TryGetDrop(out Verdict drop))
            {
                Drop(drop);
                await _transport.Output.FlushAsync(cancellationToken);
                return true;
            }

            WithdrawDrop();
            return false;
        }

        Context.Close(reason, reason switch
        {
            SessionEndReason.ShuttingDown => replies.ShuttingDown,
            SessionEndReason.SessionLifetime => replies.SessionLifetimeExceeded,
            _ => replies.Timeout,
        });
        await _transport.Output.FlushAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// True (and the interrupt withdrawn) when the session was interrupted to drop the client but an
    /// allowlisting result is in too and outranks the drop: the dialogue goes on as if nothing happened.
    /// </summary>
    private bool DismissMootDrop()
    {
        if (Volatile.Read(ref _interruptReason) != (int)SessionEndReason.Dropped || Context.Checks.TryGetDrop(out _))
        {
            return false;
        }

        WithdrawDrop();
        return true;
    }

    private void WithdrawDrop() => Interlocked.CompareExchange(ref _interruptReason, 0, (int)SessionEndReason.Dropped);

    /// <summary>postscreen's "drop": a failed check configured to Drop ends the session with 521.</summary>
    private void Drop(Verdict drop)
    {
        Context.Verdict = drop;
        Context.Close(SessionEndReason.Dropped, VerdictReplies.Dropped(_shared.Replies.Hostname, Context.Client.Address, drop.Reason));
        LogDrop(Context.Client.Address, Context.Client.Port, Context.Id, drop.Reason);
    }
}
