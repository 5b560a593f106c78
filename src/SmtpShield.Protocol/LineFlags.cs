namespace SmtpShield.Protocol;

/// <summary>Irregular bytes seen in a command line. They are reported, never fatal: the session and the
/// protocol checks decide what they mean.</summary>
[Flags]
public enum LineFlags : byte
{
    None = 0,

    /// <summary>The line ended in LF without CR (RFC 5321 §2.3.8 requires CRLF).</summary>
    BareLineFeed = 1,

    /// <summary>A CR inside the line that is not followed by LF.</summary>
    BareCarriageReturn = 2,

    /// <summary>A NUL byte in the line.</summary>
    Nul = 4,

    /// <summary>A byte above 127 (legal only in SMTPUTF8 addresses).</summary>
    EightBit = 8,
}
