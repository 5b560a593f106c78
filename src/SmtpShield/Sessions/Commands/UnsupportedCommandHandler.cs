using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>
/// Verbs SmtpShield knows but never serves before handoff (EXPN, AUTH, BDAT, ETRN, TURN): 502 (RFC 5321
/// §4.2.4); and everything else: 500 "command not recognized", or the line's own error (empty, not UTF-8).
/// All count as protocol errors.
/// </summary>
internal sealed class UnsupportedCommandHandler : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Unknown, SmtpVerb.Expn, SmtpVerb.Auth, SmtpVerb.Bdat, SmtpVerb.Etrn, SmtpVerb.Turn];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        session.ProtocolError(command.Error is not SmtpSyntaxError.None and not SmtpSyntaxError.UnexpectedArgument
            ? SyntaxErrorReplies.For(command.Verb, command.Error)
            : command.Verb == SmtpVerb.Unknown ? SmtpReplies.CommandUnrecognized
            : SmtpReplies.CommandNotImplemented);
        return ValueTask.CompletedTask;
    }
}
