using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>
/// Acts on one parsed command: checks the command's place in the dialogue, then its syntax error if
/// any, then does its work and writes exactly one reply (or closes). Handlers are stateless singletons.
/// </summary>
internal interface ISmtpCommandHandler
{
    IEnumerable<SmtpVerb> Verbs { get; }

    ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken);
}
