using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>
/// DATA is never served by SmtpShield: after a handoff the backend answers it. Before one, there is
/// no accepted recipient, so RFC 5321 §3.3 gives 503 (no MAIL/RCPT) or 554 (all recipients refused).
/// </summary>
internal sealed class DataCommandHandler : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Data];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        session.ProtocolError(
            session.Envelope is null ? SmtpReplies.NeedMail
            : command.Error != SmtpSyntaxError.None ? SyntaxErrorReplies.For(command.Verb, command.Error)
            : session.RecipientCommands == 0 ? SmtpReplies.NeedRcpt
            : SmtpReplies.NoValidRecipients);
        return ValueTask.CompletedTask;
    }
}
