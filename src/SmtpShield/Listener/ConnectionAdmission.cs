using Microsoft.Extensions.Options;
using SmtpShield.Sessions;

namespace SmtpShield.Listener;

/// <summary>
/// The first decision about a new connection, before any session state exists: a slot under
/// Limits:MaxSessions is reserved atomically, so a burst of simultaneous connections can never get
/// more banners than the limit. Per-client limits and the blocklist join here with the Waves and
/// Blocklist issues.
/// </summary>
internal sealed class ConnectionAdmission(SessionRegistry registry, IOptions<SessionLimits> limits)
{
    private readonly int _maxSessions = limits.Value.MaxSessions;
    private int _admitted;

    /// <summary>On <see cref="AdmissionResult.Admitted"/> the caller must call <see cref="Release"/> when the connection ends.</summary>
    public AdmissionResult Admit()
    {
        if (registry.IsShuttingDown)
        {
            return AdmissionResult.ShuttingDown;
        }

        if (Interlocked.Increment(ref _admitted) > _maxSessions)
        {
            Interlocked.Decrement(ref _admitted);
            return AdmissionResult.TooManySessions;
        }

        return AdmissionResult.Admitted;
    }

    public void Release() => Interlocked.Decrement(ref _admitted);
}
