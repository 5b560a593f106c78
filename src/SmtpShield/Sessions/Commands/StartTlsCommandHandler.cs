using SmtpShield.Protocol;
using SmtpShield.Sessions.Tls;

namespace SmtpShield.Sessions.Commands;

/// <summary>
/// STARTTLS (RFC 3207): answers 220 and asks the session to upgrade once that reply is flushed. The
/// session, not this handler, discards anything pipelined after the command (CVE-2011-0411).
/// </summary>
internal sealed class StartTlsCommandHandler(ServerCertificate certificate) : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.StartTls];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        SmtpReply? error = session.IsTls ? SmtpReplies.TlsAlreadyActive
            : !certificate.IsAvailable ? SmtpReplies.StartTlsUnavailable
            : command.Error != SmtpSyntaxError.None ? SyntaxErrorReplies.For(command.Verb, command.Error)
            : session.Envelope is not null ? SmtpReplies.MailTransactionInProgress
            : null;
        if (error is not null)
        {
            session.ProtocolError(error);
            return ValueTask.CompletedTask;
        }

        session.Reply(SmtpReplies.ReadyToStartTls);
        session.StartTlsRequested = true;
        return ValueTask.CompletedTask;
    }
}
