namespace SmtpShield.Dns.Wire;

/// <summary>Why a name in presentation form cannot be written to the wire.</summary>
internal enum DnsNameError : byte
{
    None,

    /// <summary>Two dots in a row, or a leading dot ("a..b", ".a").</summary>
    EmptyLabel,

    /// <summary>A label over 63 octets (RFC 1035 §2.3.4).</summary>
    LabelTooLong,

    /// <summary>A name over 255 octets on the wire, i.e. over 253 characters without escapes (RFC 1035 §2.3.4).</summary>
    NameTooLong,

    /// <summary>A character outside printable ASCII; internationalized names must be given as A-labels (RFC 5890).</summary>
    InvalidCharacter,

    /// <summary>A backslash not followed by a character or by three digits up to 255 (RFC 1035 §5.1).</summary>
    InvalidEscape,
}
