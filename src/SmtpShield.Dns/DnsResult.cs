namespace SmtpShield.Dns;

/// <summary>
/// The answer to one question, as a value: DNS outcomes are never exceptions (shared/STYLE.md habit 7).
/// <see cref="Records"/> holds the records of the asked type at the end of any CNAME chain (empty unless
/// <see cref="DnsStatus.Found"/>). <see cref="Ttl"/> is how long the answer may be reused: the smallest TTL
/// along the chain for Found, the SOA-derived TTL for NameNotFound/NoData (RFC 2308 §5), null when the
/// response gave none (a negative answer without SOA, or an error). From a cache it is the time left.
/// </summary>
public sealed record DnsResult(DnsStatus Status, IReadOnlyList<DnsRecord> Records, TimeSpan? Ttl, DnsError Error = DnsError.None)
{
    public static DnsResult Found(IReadOnlyList<DnsRecord> records, TimeSpan ttl) => new(DnsStatus.Found, records, ttl);

    public static DnsResult NameNotFound(TimeSpan? ttl) => new(DnsStatus.NameNotFound, [], ttl);

    public static DnsResult NoData(TimeSpan? ttl) => new(DnsStatus.NoData, [], ttl);

    public static DnsResult TempError(DnsError error) => new(DnsStatus.TempError, [], null, error);

    public static DnsResult PermError(DnsError error) => new(DnsStatus.PermError, [], null, error);
}
