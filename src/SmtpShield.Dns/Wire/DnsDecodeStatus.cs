namespace SmtpShield.Dns.Wire;

/// <summary>What <see cref="DnsMessageDecoder.Decode"/> made of a message; every value but Complete is an error.</summary>
internal enum DnsDecodeStatus : byte
{
    Complete,

    /// <summary>Shorter than the 12-octet header.</summary>
    HeaderTooShort,

    /// <summary>QDCOUNT is not 1: nothing else is a response to our single question (RFC 1035 §4.1.2).</summary>
    UnexpectedQuestionCount,

    /// <summary>The section counts promise more records than the message could hold.</summary>
    CountsExceedMessage,

    /// <summary>A read ran past the end of the message, or RDLENGTH past it.</summary>
    OutOfBounds,

    /// <summary>A length octet with top bits 01 or 10: extended label types, deprecated by RFC 6891 §5.</summary>
    UnsupportedLabelType,

    /// <summary>A compression pointer that does not point strictly before the name segment holding it.</summary>
    PointerNotBackwards,

    /// <summary>More compression pointers in one name than <see cref="DnsLimits.MaxPointerJumps"/>.</summary>
    TooManyPointers,

    /// <summary>A name over 255 octets on the wire (RFC 1035 §2.3.4).</summary>
    NameTooLong,

    /// <summary>RDATA whose length does not fit its type (an A record of 5 octets, a name ending before or after RDLENGTH).</summary>
    RecordDataMismatch,
}
