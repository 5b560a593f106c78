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

        int previous = Interlocked.CompareExchange(ref _interruptReason, (int)reason, 0);
        if (previous != 0
            && (previous != (int)SessionEndReason.Dropped || reason == SessionEndReason.Dropped
                || Interlocked.CompareExchange(ref _interruptReason, (int)reason, previous) != previous))
        {
            // Interrupted already. Only a pending drop gives way: it may yet be withdrawn (an allowlisting
            // result outranks it), and a shutdown or timeout meanwhile must not be lost with it.
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

        int reason = Volatile.Read(ref _interruptReason);
        if (reason != 0 && reason != (int)SessionEndReason.Dropped)
        {
            // A pending drop is no deadline: the session's deadlines still run (and replace it) until the
            // session has decided it, so an allowlisted client busy in a slow step is never cut.
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
            if (!DropStands(out Verdict drop))
            {
                return false;
            }

            Drop(drop);
            await _transport.Output.FlushAsync(cancellationToken);
            return true;
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
    /// Decides, once, a session interrupted to drop its client: true with the drop's verdict, or false, the
    /// interrupt withdrawn, when an allowlisting result is in too and outranks it (the dialogue goes on as
    /// if nothing happened). Deciding twice could see the allowlisting arrive in between and act on both.
    /// </summary>
    private bool DropStands(out Verdict drop)
    {
        if (Context.Checks.TryGetDrop(out drop))
        {
            return true;
        }

        // Only if still the drop: a shutdown or timeout that replaced it stands.
        Interlocked.CompareExchange(ref _interruptReason, 0, (int)SessionEndReason.Dropped);
        return false;
    }

    /// <summary>postscreen's "drop": a failed check configured to Drop ends the session with 521.</summary>
    private void Drop(Verdict drop)
    {
        Context.Verdict = drop;
        Context.Close(SessionEndReason.Dropped, VerdictReplies.Dropped(_shared.Replies.Hostname, Context.Client.Address, drop.Reason));
        LogDrop(Context.Client.Address, Context.Client.Port, Context.Id, drop.Reason);
    }
}
