using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>QUIT: 221 and close (RFC 5321 §4.1.1.10); commands pipelined after it are ignored.</summary>
internal sealed class QuitCommandHandler : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Quit];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        // A stray argument after QUIT is no reason to keep a departing client: say goodbye regardless.
        session.Close(SessionEndReason.Quit, SmtpReplies.Bye);
        return ValueTask.CompletedTask;
    }
}
