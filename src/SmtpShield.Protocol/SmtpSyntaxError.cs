namespace SmtpShield.Protocol;

/// <summary>Why a complete line is not a well-formed command. Each maps to one canned reply.</summary>
public enum SmtpSyntaxError : byte
{
    None,

    /// <summary>An empty line (RFC 5321 §4.1.1 commands have a verb).</summary>
    EmptyLine,

    /// <summary>A verb that takes no argument was given one (DATA, RSET, QUIT, STARTTLS).</summary>
    UnexpectedArgument,

    /// <summary>HELO/EHLO without a domain.</summary>
    MissingDomain,

    /// <summary>MAIL without "FROM:" or RCPT without "TO:".</summary>
    MissingPathKeyword,

    /// <summary>The reverse-path or forward-path is not RFC 5321 §4.1.2 syntax.</summary>
    BadPath,

    /// <summary>The ESMTP parameters are not keyword[=value] pairs (RFC 5321 §4.1.2 esmtp-param).</summary>
    BadParameterSyntax,

    /// <summary>A parameter this server does not know, or one given to the wrong command.</summary>
    UnknownParameter,

    /// <summary>A known parameter with a value outside its grammar (SIZE=abc, BODY=9BIT, NOTIFY=SOON).</summary>
    BadParameterValue,

    /// <summary>The same parameter twice.</summary>
    DuplicateParameter,

    /// <summary>Bytes above 127 that are not well-formed UTF-8 (RFC 6531 allows only UTF-8).</summary>
    InvalidUtf8,
}
