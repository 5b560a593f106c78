using Microsoft.Extensions.Options;
using SmtpShield.Sessions;

namespace SmtpShield.Listener;

/// <summary>
/// The first decision about a new connection, before any session state exists. Per-client limits and
/// the blocklist join here with the Waves and Blocklist issues.
/// </summary>
internal sealed class ConnectionAdmission(SessionRegistry registry, IOptions<SessionLimits> limits)
{
    private readonly int _maxSessions = limits.Value.MaxSessions;

    public AdmissionResult Admit()
    {
        if (registry.IsShuttingDown)
        {
            return AdmissionResult.ShuttingDown;
        }

        return registry.Count >= _maxSessions ? AdmissionResult.TooManySessions : AdmissionResult.Admitted;
    }
}

internal enum AdmissionResult : byte
{
    Admitted,
    TooManySessions,
    ShuttingDown,
}
