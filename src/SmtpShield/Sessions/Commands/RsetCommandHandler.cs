using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>RSET: abort the transaction, keep the greeting (RFC 5321 §4.1.1.5).</summary>
internal sealed class RsetCommandHandler : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Rset];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        if (command.Error != SmtpSyntaxError.None)
        {
            session.ProtocolError(SyntaxErrorReplies.For(command.Verb, command.Error));
            return ValueTask.CompletedTask;
        }

        session.ResetTransaction();
        session.Reply(SmtpReplies.Ok);
        return ValueTask.CompletedTask;
    }
}
