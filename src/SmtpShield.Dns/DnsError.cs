namespace SmtpShield.Dns;

/// <summary>Why a question ended in <see cref="DnsStatus.TempError"/> or <see cref="DnsStatus.PermError"/>; for logs.</summary>
public enum DnsError : byte
{
    /// <summary>Not an error: the status is Found, NameNotFound or NoData.</summary>
    None,

    /// <summary>Temporary: no matching response from any server within its timeout.</summary>
    Timeout,

    /// <summary>Temporary: a socket error (e.g. ICMP port unreachable, TCP connection refused or reset).</summary>
    NetworkError,

    /// <summary>Temporary: RCODE SERVFAIL (RFC 1035 §4.1.1).</summary>
    ServerFailure,

    /// <summary>Permanent: RCODE REFUSED.</summary>
    Refused,

    /// <summary>Permanent: RCODE FORMERR, the server could not parse the query.</summary>
    FormatError,

    /// <summary>Permanent: RCODE NOTIMP.</summary>
    NotImplemented,

    /// <summary>Permanent: an RCODE this resolver does not know.</summary>
    UnexpectedResponseCode,

    /// <summary>Permanent: a response to our question that breaks RFC 1035's wire format.</summary>
    MalformedResponse,

    /// <summary>Permanent: the name cannot be written as a DNS name (empty label, label over 63 octets, non-ASCII).</summary>
    InvalidName,

    /// <summary>Permanent: the name is longer than 253 characters (255 octets on the wire, RFC 1035 §2.3.4).</summary>
    NameTooLong,

    /// <summary>Permanent: the CNAME chain in the answer is longer than the resolver follows, or loops.</summary>
    CnameChainTooLong,
}
