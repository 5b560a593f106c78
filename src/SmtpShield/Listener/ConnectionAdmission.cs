using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SmtpShield.Blocklist;
using SmtpShield.Sessions;

namespace SmtpShield.Listener;

/// <summary>
/// The first decision about a new connection, before any session state exists or any check runs: a
/// blocked client is refused, then the per-client limits, then a slot under Limits:MaxSessions is
/// reserved atomically, so a burst of simultaneous connections can never get more banners than the limit.
/// </summary>
internal sealed class ConnectionAdmission(SessionRegistry registry, ClientBlocklist blocklist, ClientLimits clientLimits, IOptions<SessionLimits> limits)
{
    private readonly int _maxSessions = limits.Value.MaxSessions;
    private int _admitted;

    /// <summary>An <see cref="AdmissionResult.Admitted"/> admission must be given back to <see cref="Release"/> when the connection ends.</summary>
    public Admission Admit(IPAddress client)
    {
        if (registry.IsShuttingDown)
        {
            return new Admission(AdmissionResult.ShuttingDown);
        }

        if (blocklist.IsBlocked(client, out BlocklistEntry? blocked))
        {
            return new Admission(AdmissionResult.Blocked, blocked);
        }

        switch (clientLimits.TryAdmit(client, out RateLimitLease? lease))
        {
            case ClientLimit.Connections:
                return new Admission(AdmissionResult.TooManyFromClient);
            case ClientLimit.Rate:
                return new Admission(AdmissionResult.TooFastFromClient);
        }

        if (Interlocked.Increment(ref _admitted) > _maxSessions)
        {
            Interlocked.Decrement(ref _admitted);
            lease?.Dispose();
            return new Admission(AdmissionResult.TooManySessions);
        }

        return new Admission(AdmissionResult.Admitted, ClientLease: lease);
    }

    public void Release(Admission admission)
    {
        admission.ClientLease?.Dispose();
        Interlocked.Decrement(ref _admitted);
    }
}

/// <summary>What admission decided, with the block that refused the client or the client's lease under its limits.</summary>
internal readonly record struct Admission(AdmissionResult Result, BlocklistEntry? Blocked = null, RateLimitLease? ClientLease = null);
