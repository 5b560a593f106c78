namespace SmtpShield.Dns;

/// <summary>
/// The outcome of a DNS question. The temporary/permanent split decides between an SMTP 4xx and 5xx
/// (shared/STYLE.md habit 7), so every failure is one or the other.
/// </summary>
public enum DnsStatus : byte
{
    /// <summary>Records of the asked type exist (after following any CNAME chain).</summary>
    Found,

    /// <summary>The name does not exist: RCODE NXDOMAIN (RFC 1035 §4.1.1, RFC 2308 §2.1).</summary>
    NameNotFound,

    /// <summary>The name exists but has no records of the asked type: NOERROR with no answer (RFC 2308 §2.2).</summary>
    NoData,

    /// <summary>No answer now; asking again later may work: timeout, SERVFAIL, network error.</summary>
    TempError,

    /// <summary>No answer will come by asking again: REFUSED, FORMERR, a malformed response, an invalid name.</summary>
    PermError,
}
