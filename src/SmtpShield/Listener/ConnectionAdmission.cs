using System.Net;
using Microsoft.Extensions.Options;
using SmtpShield.Blocklist;
using SmtpShield.Sessions;

namespace SmtpShield.Listener;

/// <summary>
/// The first decision about a new connection, before any session state exists or any check runs: a
/// blocked client is refused, and a slot under Limits:MaxSessions is reserved atomically, so a burst of
/// simultaneous connections can never get more banners than the limit. Per-client limits join here with
/// the Waves issue.
/// </summary>
internal sealed class ConnectionAdmission(SessionRegistry registry, ClientBlocklist blocklist, IOptions<SessionLimits> limits)
{
    private readonly int _maxSessions = limits.Value.MaxSessions;
    private int _admitted;

    /// <summary>
    /// <paramref name="blocked"/> is the entry when the result is <see cref="AdmissionResult.Blocked"/>.
    /// On <see cref="AdmissionResult.Admitted"/> the caller must call <see cref="Release"/> when the connection ends.
    /// </summary>
    public AdmissionResult Admit(IPAddress client, out BlocklistEntry? blocked)
    {
        blocked = null;
        if (registry.IsShuttingDown)
        {
            return AdmissionResult.ShuttingDown;
        }

        if (blocklist.IsBlocked(client, out blocked))
        {
            return AdmissionResult.Blocked;
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
