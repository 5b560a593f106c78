using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>VRFY is disabled: a front line has no mailbox list to reveal, and spammers harvest with it.</summary>
internal sealed class VrfyCommandHandler : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Vrfy];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        session.ProtocolError(command.Argument.IsEmpty ? SmtpReplies.VrfySyntax : SmtpReplies.VrfyDisabled);
        return ValueTask.CompletedTask;
    }
}
