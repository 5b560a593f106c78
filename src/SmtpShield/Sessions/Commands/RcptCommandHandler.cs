using Microsoft.Extensions.Options;
using SmtpShield.Protocol;
using SmtpShield.Verdicts;

namespace SmtpShield.Sessions.Commands;

/// <summary>
/// RCPT TO: the seam where the verdict is asked for (shared/ARCHITECTURE.md). Until the relay exists an
/// accepted recipient gets 451 4.3.0, so the client keeps its mail: never a 250 we could not honour.
/// </summary>
internal sealed class RcptCommandHandler(IOptions<PolicyOptions> policy) : ISmtpCommandHandler
{
    private readonly PolicyOptions _policy = policy.Value;

    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Rcpt];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        Envelope? envelope = session.Envelope;
        SmtpReply? error = envelope is null ? SmtpReplies.NeedMail
            : command.Error != SmtpSyntaxError.None ? SyntaxErrorReplies.For(command.Verb, command.Error)
            : !session.IsEsmtp && !command.Parameters.Raw.IsEmpty ? SmtpReplies.ParametersNeedEhlo
            : (command.Path.Flags & PathFlags.NonAscii) != 0 && !envelope.SmtpUtf8 ? SmtpReplies.NonAsciiNeedsSmtpUtf8
            : null;
        if (error is not null)
        {
            session.ProtocolError(error);
            return ValueTask.CompletedTask;
        }

        session.RecipientSeen();
        if (++session.RecipientCommands > session.Limits.MaxRecipients)
        {
            session.Reply(SmtpReplies.TooManyRecipients);
            return ValueTask.CompletedTask;
        }

        var recipient = Recipient.FromRcpt(command);
        session.FirstRecipient ??= recipient.ForwardPath;
        session.Verdict ??= VerdictPolicy.Decide(session.Evidence, _policy);
        session.Reply(session.Verdict.Action switch
        {
            VerdictAction.Reject => VerdictReplies.Rejected(session.Client.Address, session.Verdict.Reason),
            VerdictAction.TempFail => VerdictReplies.TemporarilyRefused(session.Verdict.Reason),
            _ => SmtpReplies.RelayUnavailable,
        });
        return ValueTask.CompletedTask;
    }
}
