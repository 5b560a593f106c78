namespace SmtpShield.Protocol;

/// <summary>
/// One parsed command line. The parser yields data; handlers act on it. Every memory field is a view
/// into the line and is valid only until the caller advances past it.
/// </summary>
public readonly struct SmtpCommand
{
    public SmtpVerb Verb { get; init; }

    /// <summary>Irregular bytes seen in the line.</summary>
    public LineFlags Flags { get; init; }

    /// <summary>Why the line is not a well-formed command, when the status was <see cref="ParseStatus.SyntaxError"/>.</summary>
    public SmtpSyntaxError Error { get; init; }

    /// <summary>The whole line without its terminator.</summary>
    public ReadOnlyMemory<byte> Line { get; init; }

    /// <summary>Everything after the verb and its separating spaces (HELO/EHLO domain, VRFY/HELP text).</summary>
    public ReadOnlyMemory<byte> Argument { get; init; }

    /// <summary>How the HELO/EHLO argument looks; SmtpShield accepts all three and lets the checks judge.</summary>
    public HeloArgumentKind HeloKind { get; init; }

    /// <summary>The reverse-path of MAIL or forward-path of RCPT.</summary>
    public SmtpPath Path { get; init; }

    public EsmtpParameters Parameters { get; init; }
}

public enum HeloArgumentKind : byte
{
    None,

    /// <summary>A syntactically valid domain (RFC 5321 §4.1.2 Domain).</summary>
    Domain,

    /// <summary>An address literal such as <c>[192.0.2.1]</c> or <c>[IPv6:2001:db8::1]</c>.</summary>
    AddressLiteral,

    /// <summary>Anything else (a bare IP, underscores, junk).</summary>
    Invalid,
}
