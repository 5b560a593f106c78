using System.Text;
using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>
/// HELO and EHLO. Any non-empty argument is accepted and recorded with its kind (domain, address
/// literal, invalid): judging it is the EHLO checks' business, not a reason to break the dialogue.
/// </summary>
internal sealed class HeloCommandHandler : ISmtpCommandHandler
{
    public IEnumerable<SmtpVerb> Verbs => [SmtpVerb.Helo, SmtpVerb.Ehlo];

    public ValueTask HandleAsync(SessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        if (command.Error != SmtpSyntaxError.None)
        {
            session.ProtocolError(SyntaxErrorReplies.For(command.Verb, command.Error));
            return ValueTask.CompletedTask;
        }

        bool esmtp = command.Verb == SmtpVerb.Ehlo;
        string helo = Encoding.UTF8.GetString(command.Argument.Span);
        session.AcceptHelo(helo, command.HeloKind, esmtp);
        session.Checks.OnHelo(helo, command.HeloKind);
        if (esmtp)
        {
            session.Reply(session.Replies.Ehlo(session.IsTls, out ExtensionSet offered));
            session.Offered = offered;
        }
        else
        {
            session.Reply(session.Replies.HeloOk);
        }
        return ValueTask.CompletedTask;
    }
}
