namespace SmtpShield.Dns;

/// <summary>A PTR record (RFC 1035 §3.3.12), e.g. the host name behind an in-addr.arpa name.</summary>
public sealed record DnsPtrRecord(string Name, TimeSpan Ttl, string Target) : DnsRecord(Name, Ttl)
{
    public override DnsRecordType Type => DnsRecordType.PTR;
}
