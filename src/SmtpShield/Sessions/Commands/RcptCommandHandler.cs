using System.Net;
using Microsoft.Extensions.Logging;
using SmtpShield.Callouts;
using SmtpShield.Protocol;
using SmtpShield.Relay;
using SmtpShield.Verdicts;

namespace SmtpShield.Sessions.Commands;

/// <summary>
/// RCPT TO: where the verdict is decided (shared/ARCHITECTURE.md). Rejections are answered here, with
/// the reason, so the envelope is logged and a false positive learns why. An accepted recipient is
/// handed to the backend, whose reply the client gets: never a 250 SmtpShield could not honour.
/// </summary>
internal sealed partial class RcptCommandHandler(BackendRelay relay, ILogger<RcptCommandHandler> logger) : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Rcpt];

    public async ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        Envelope? envelope = session.Envelope;
        SmtpReply? error = envelope is null ? SmtpReplies.NeedMail
            : command.Error != SmtpSyntaxError.None ? SyntaxErrorReplies.For(command.Verb, command.Error)
            : !session.IsEsmtp && !command.Parameters.Raw.IsEmpty ? SmtpReplies.ParametersNeedEhlo
            : (command.Path.Flags & PathFlags.NonAscii) != 0 && !envelope.SmtpUtf8 ? SmtpReplies.NonAsciiNeedsSmtpUtf8
            : (command.Parameters.Notify != DsnNotify.NotGiven || !command.Parameters.OriginalRecipient.IsEmpty) && !(session.Offered ?? session.Replies.Extensions).Dsn
                ? SmtpReplies.UnknownParameter
            : null;
        if (error is not null)
        {
            session.ProtocolError(error);
            return;
        }

        session.RecipientSeen();
        if (++session.RecipientCommands > session.Limits.MaxRecipients)
        {
            session.Reply(SmtpReplies.TooManyRecipients);
            return;
        }

        var recipient = Recipient.FromRcpt(command);
        session.FirstRecipient ??= recipient.ForwardPath;
        Verdict verdict = session.Verdict ?? await session.Checks.DecideAsync(cancellationToken);
        if (!verdict.IsPerTransaction)
        {
            session.Verdict = verdict;
        }

        IPAddress client = session.Client.Address;
        switch (verdict.Action)
        {
            case VerdictAction.Reject:
                if (verdict.IsPerTransaction)
                {
                    // The sender's fault, not the client's: answered at once, never stuttered.
                    Refuse(session, verdict.DecidedBy == CalloutCheck.CheckName ? VerdictReplies.SenderRejected(verdict.Reason) : VerdictReplies.Rejected(client, verdict.Reason), envelope!, recipient);
                }
                else
                {
                    Reject(session, VerdictReplies.Rejected(client, verdict.Reason), envelope!, recipient);
                }

                break;
            case VerdictAction.TempFail:
                Refuse(session, VerdictReplies.TemporarilyRefused(verdict.Reason), envelope!, recipient);
                break;
            case VerdictAction.Drop:
                Refuse(session, VerdictReplies.Dropped(session.Replies.Hostname, client, verdict.Reason), envelope!, recipient);
                session.Close(SessionEndReason.Dropped);
                break;
            default:
                if (verdict.Action == VerdictAction.Tarpit && !await WaitInTarpitAsync(session))
                {
                    return; // interrupted while waiting: the session says goodbye instead
                }

                // Relay: the backend answers from here.
                if (envelope!.RefusedByBackend is { } refusal)
                {
                    session.Reply(refusal);
                }
                else
                {
                    session.Handoff = await relay.HandOffAsync(session, recipient, cancellationToken);
                }

                break;
        }
    }

    /// <summary>
    /// A Tarpit verdict: the RCPT reply waits Tarpit:Delay before the backend is even asked, so the
    /// backend holds no process for a client that gives up. Once per session: pipelined RCPTs that the
    /// backend did not take (it is down) must not add up to a client timeout. A full tarpit lets the
    /// client through at once.
    /// </summary>
    private static async ValueTask<bool> WaitInTarpitAsync(SessionContext session)
    {
        TimeSpan delay = session.Pacer.Options.Delay;
        if (delay <= TimeSpan.Zero || session.HasWaitedInTarpit || !session.EnterTarpit())
        {
            return true;
        }

        session.HasWaitedInTarpit = true;
        bool waited = await session.PauseAsync(delay);
        session.LeaveTarpit();
        return waited;
    }

    /// <summary>
    /// The 5xx, stuttered when Tarpit:StutterRejects says so. With the tarpit full, a rejected client gets
    /// its reply at once and is disconnected: in a wave, holding it would cost us more than it.
    /// </summary>
    private void Reject(SessionContext session, SmtpReply reply, Envelope envelope, Recipient recipient)
    {
        if (!session.Pacer.Options.StutterRejects)
        {
            Refuse(session, reply, envelope, recipient);
            return;
        }

        if (!session.EnterTarpit())
        {
            Refuse(session, reply, envelope, recipient);
            session.Close(SessionEndReason.TarpitFull);
            return;
        }

        LogRefusal(session, reply, envelope, recipient);
        session.ReplyStuttered(reply);
    }

    private void Refuse(SessionContext session, SmtpReply reply, Envelope envelope, Recipient recipient)
    {
        LogRefusal(session, reply, envelope, recipient);
        session.Reply(reply);
    }

    private void LogRefusal(SessionContext session, SmtpReply reply, Envelope envelope, Recipient recipient) =>
        LogReject(logger, session.Client.Address, session.Client.Port, reply.ToString(), LogText.Sanitize(envelope.ReversePath),
            LogText.Sanitize(recipient.ForwardPath), session.IsEsmtp ? "ESMTP" : "SMTP", LogText.Sanitize(session.Helo));

    // Postfix's own wording, so fail2ban's filters and pflogsumm count SmtpShield's rejects.
    [LoggerMessage(50, LogLevel.Information, "NOQUEUE: reject: RCPT from [{Client}]:{Port}: {Reply}; from=<{From}> to=<{To}> proto={Proto} helo=<{Helo}>")]
    private static partial void LogReject(ILogger logger, IPAddress client, int port, string reply, string from, string to, string proto, string helo);
}
