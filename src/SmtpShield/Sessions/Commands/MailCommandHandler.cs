using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>MAIL FROM: order first (HELO, no nested transaction), then syntax, then the parameters' meaning.</summary>
internal sealed class MailCommandHandler : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Mail];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        SmtpReply? error = session.Helo is null ? SmtpReplies.NeedHelo
            : session.Envelope is not null ? SmtpReplies.NestedMail
            : command.Error != SmtpSyntaxError.None ? SyntaxErrorReplies.For(command.Verb, command.Error)
            : CheckParameters(session, command);
        if (error is not null)
        {
            session.ProtocolError(error);
            return ValueTask.CompletedTask;
        }

        var envelope = Envelope.FromMail(command);
        session.BeginTransaction(envelope);
        session.Checks.OnMail(envelope.ReversePath);
        session.Reply(SmtpReplies.SenderOk);
        return ValueTask.CompletedTask;
    }

    private static SmtpReply? CheckParameters(SessionContext session, in SmtpCommand command)
    {
        EsmtpParameters parameters = command.Parameters;
        if (!session.IsEsmtp && !parameters.Raw.IsEmpty)
        {
            return SmtpReplies.ParametersNeedEhlo;
        }

        ExtensionSet offered = session.Offered ?? session.Replies.Extensions;
        if (parameters.Size > offered.MaxMessageSize)
        {
            return SmtpReplies.MessageTooBig; // RFC 1870 §6.2
        }

        // A parameter of an extension not offered (the backend lacks it) is unknown (RFC 5321 §4.1.1.11);
        // refusing it here beats a backend refusal after the client was told 250.
        if ((parameters.SmtpUtf8 && !offered.SmtpUtf8)
            || (parameters.Body == BodyType.EightBitMime && !offered.EightBitMime)
            || ((parameters.Return != DsnReturn.NotGiven || !parameters.EnvelopeId.IsEmpty) && !offered.Dsn))
        {
            return SmtpReplies.UnknownParameter;
        }

        if (parameters.Body == BodyType.BinaryMime)
        {
            return SmtpReplies.BinaryMimeUnsupported; // RFC 3030 needs CHUNKING, not advertised
        }

        if ((command.Path.Flags & PathFlags.NonAscii) != 0 && !parameters.SmtpUtf8)
        {
            return SmtpReplies.NonAsciiNeedsSmtpUtf8; // RFC 6531 §3.5
        }

        return null;
    }
}
