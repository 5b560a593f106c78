using System.Net;

namespace SmtpShield.Verdicts;

/// <summary>
/// Remembers clients that passed, so returning good clients skip the checks (postscreen's "PASS OLD").
/// An interface because a fleet will share it through a database (shared/ARCHITECTURE.md decision 8).
/// </summary>
internal interface IVerdictCache
{
    bool HasPassed(IPAddress client);

    void RememberPass(IPAddress client);
}
