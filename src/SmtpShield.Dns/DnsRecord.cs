namespace SmtpShield.Dns;

/// <summary>
/// One decoded resource record. <see cref="Name"/> is its owner name in presentation form, without the
/// trailing dot (the root is "."), with any octet outside printable ASCII escaped as \DDD (RFC 1035 §5.1).
/// <see cref="Ttl"/> is the TTL as received.
/// </summary>
public abstract record DnsRecord(string Name, TimeSpan Ttl)
{
    public abstract DnsRecordType Type { get; }
}
