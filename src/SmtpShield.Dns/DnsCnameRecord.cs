namespace SmtpShield.Dns;

/// <summary>A CNAME record (RFC 1035 §3.3.1): <see cref="DnsRecord.Name"/> is an alias of <see cref="Target"/>.</summary>
public sealed record DnsCnameRecord(string Name, TimeSpan Ttl, string Target) : DnsRecord(Name, Ttl)
{
    public override DnsRecordType Type => DnsRecordType.CNAME;
}
