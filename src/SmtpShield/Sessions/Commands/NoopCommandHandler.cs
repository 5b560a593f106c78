using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>NOOP [string]: 250, nothing else (RFC 5321 §4.1.1.9).</summary>
internal sealed class NoopCommandHandler : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Noop];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        session.Reply(SmtpReplies.Ok);
        return ValueTask.CompletedTask;
    }
}
