using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns;

/// <summary>A question as the cache and the coalescing see it: the name folded to lower case (RFC 4343), no trailing dot.</summary>
internal readonly record struct DnsCacheKey(string Name, DnsRecordType Type)
{
    public static DnsCacheKey For(string name, DnsRecordType type) => new(DnsName.Normalize(name), type);
}
