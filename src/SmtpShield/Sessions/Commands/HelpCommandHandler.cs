using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>HELP [string]: 214 (RFC 5321 §4.1.1.8).</summary>
internal sealed class HelpCommandHandler : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Help];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        session.Reply(SmtpReplies.Help);
        return ValueTask.CompletedTask;
    }
}
