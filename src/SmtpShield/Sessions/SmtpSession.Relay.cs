using SmtpShield.Relay;
using SmtpShield.Relay.Splice;

namespace SmtpShield.Sessions;

/// <summary>
/// The session once it is handed to a backend: the splice, its own limits (Relay:IdleTimeout,
/// Relay:MaxDuration, enforced by the shared heartbeat), and how it ends.
/// </summary>
internal sealed partial class SmtpSession
{
    private volatile RelayHandoff? _splice;
    private bool _spliceStarted;
    private long _spliceDeadline;

    /// <summary>Splices the client (over TLS if it used STARTTLS) to the backend until either side ends.</summary>
    private async Task SpliceAsync()
    {
        RelayHandoff handoff = Context.Handoff!;
        Volatile.Write(ref _spliceDeadline, DeadlineAfter(_shared.Relay.MaxDuration));
        _spliceStarted = true;
        _splice = handoff;
        SpliceOutcome outcome = await _shared.Relay.SpliceAsync(handoff, _transport);

        // Closing is bounded like any session's again: the interrupt grace, not the relay's idle limit.
        Volatile.Write(ref _commandDeadline, _shared.Time.GetTimestamp());
        _splice = null;
        Context.Close(Volatile.Read(ref _interruptReason) == (int)SessionEndReason.RelayTimeout ? SessionEndReason.RelayTimeout
            : outcome == SpliceOutcome.BackendFailed ? SessionEndReason.BackendFailed
            : outcome == SpliceOutcome.ProtocolViolation ? SessionEndReason.ProtocolViolation
            : outcome == SpliceOutcome.ClientFailed ? SessionEndReason.ClientDisconnected
            : SessionEndReason.Relayed);
    }

    // Idle or too long: both connections are cut; a message in flight is not finished, so the backend keeps nothing.
    // Both aborts are idempotent: the heartbeat may call this again before the splice has noticed.
    private void CutSplice(RelayHandoff splice)
    {
        Interlocked.CompareExchange(ref _interruptReason, (int)SessionEndReason.RelayTimeout, 0);
        splice.Abort();
        _connection.Abort();
    }

    /// <summary>Heartbeat, while spliced: true when the session is spliced (its limits are the relay's, checked here).</summary>
    private bool CheckSpliceTimeouts(long now)
    {
        if (_splice is not { } splice)
        {
            return false;
        }

        if (now >= Volatile.Read(ref _spliceDeadline)
            || _shared.Time.GetElapsedTime(splice.Activity.LastActivity, now) > _shared.Relay.IdleTimeout)
        {
            CutSplice(splice);
        }

        return true;
    }
}
