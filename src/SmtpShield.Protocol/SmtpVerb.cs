namespace SmtpShield.Protocol;

/// <summary>The command word of an SMTP command line, read once by <see cref="SmtpCommandParser"/>.</summary>
public enum SmtpVerb : byte
{
    /// <summary>Not an SMTP verb we know (including HTTP verbs and header-like lines).</summary>
    Unknown,
    Helo,
    Ehlo,
    Mail,
    Rcpt,
    Data,
    Rset,
    Noop,
    Quit,
    Vrfy,
    Help,
    StartTls,
    // Known verbs SmtpShield never serves itself: they get 502 rather than 500 (RFC 5321 §4.2.4).
    Expn,
    Auth,
    Bdat,
    Etrn,
    Turn,
}
