namespace SmtpShield.Dns;

/// <summary>
/// An SOA record (RFC 1035 §3.3.13). Only what negative caching needs is kept: RFC 2308 §5 caches a
/// negative answer for min(TTL of the SOA record, its MINIMUM field).
/// </summary>
public sealed record DnsSoaRecord(string Name, TimeSpan Ttl, TimeSpan Minimum) : DnsRecord(Name, Ttl)
{
    public override DnsRecordType Type => DnsRecordType.SOA;

    /// <summary>How long a negative answer carrying this SOA may be cached (RFC 2308 §5).</summary>
    public TimeSpan NegativeTtl => Ttl < Minimum ? Ttl : Minimum;
}
