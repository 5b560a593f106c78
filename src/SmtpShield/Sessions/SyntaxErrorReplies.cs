using SmtpShield.Protocol;

namespace SmtpShield.Sessions;

/// <summary>Which canned reply answers which parse error of which verb.</summary>
internal static class SyntaxErrorReplies
{
    public static SmtpReply For(SmtpVerb verb, SmtpSyntaxError error) => error switch
    {
        SmtpSyntaxError.EmptyLine => SmtpReplies.EmptyLine,
        SmtpSyntaxError.UnexpectedArgument => SmtpReplies.NoArgumentsAllowed,
        SmtpSyntaxError.MissingDomain => SmtpReplies.HeloSyntax,
        SmtpSyntaxError.MissingPathKeyword => verb == SmtpVerb.Mail ? SmtpReplies.MailSyntax : SmtpReplies.RcptSyntax,
        SmtpSyntaxError.BadPath => verb == SmtpVerb.Mail ? SmtpReplies.BadSenderAddress : SmtpReplies.BadRecipientAddress,
        SmtpSyntaxError.BadParameterSyntax => SmtpReplies.BadParameterSyntax,
        SmtpSyntaxError.UnknownParameter => SmtpReplies.UnknownParameter,
        SmtpSyntaxError.BadParameterValue => SmtpReplies.BadParameterValue,
        SmtpSyntaxError.DuplicateParameter => SmtpReplies.DuplicateParameter,
        SmtpSyntaxError.InvalidUtf8 => SmtpReplies.BadUtf8,
        _ => SmtpReplies.CommandUnrecognized,
    };
}
