using SmtpShield.Relay.Splice;

namespace SmtpShield.Relay;

/// <summary>
/// A session handed to a backend and not yet finished: the backend connection, what the splice has
/// moved, and (Identity "none") what the trace header needs. The session's heartbeat reads
/// <see cref="Activity"/> for the idle timeout and calls <see cref="Abort"/> to cut it.
/// </summary>
internal sealed class RelayHandoff(BackendConnection backend, SpliceActivity activity, TraceContext? trace, bool bannerPending)
{
    public BackendConnection Backend { get; } = backend;

    public BackendTarget Target => Backend.Target;

    public SpliceActivity Activity { get; } = activity;

    /// <summary>Set for Identity "none": the splice follows the dialogue to add the Received: line.</summary>
    public TraceContext? Trace { get; } = trace;

    /// <summary>Fast path without a banner read yet: the first reply from the backend is its banner.</summary>
    public bool BannerPending { get; } = bannerPending;

    public void Abort() => Backend.Abort();
}
