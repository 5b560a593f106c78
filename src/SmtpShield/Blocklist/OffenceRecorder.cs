using SmtpShield.Sessions;
using SmtpShield.Verdicts;

namespace SmtpShield.Blocklist;

/// <summary>
/// Turns a session's end into an offence, the old ipt_recent trick: a client refused at RCPT TO (or
/// dropped, or cut at the protocol-error limit) is blocked, so its next connections die in the kernel.
/// </summary>
internal sealed class OffenceRecorder(ClientBlocklist blocklist)
{
    public void SessionEnded(SessionContext session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Verdict is { Action: VerdictAction.Reject or VerdictAction.Drop } verdict)
        {
            blocklist.RecordOffence(session.Client.Address, BlockSource.Reject, verdict.Reason);
        }
        else if (session.EndReason == SessionEndReason.TooManyErrors)
        {
            blocklist.RecordOffence(session.Client.Address, BlockSource.Errors, $"{session.Errors} protocol errors in one session");
        }
    }
}
