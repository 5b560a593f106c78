namespace SmtpShield.Dns;

/// <summary>
/// An MX record (RFC 1035 §3.3.9): lower <see cref="Preference"/> is tried first. An
/// <see cref="Exchange"/> of "." with preference 0 is a null MX: the domain accepts no mail (RFC 7505).
/// </summary>
public sealed record DnsMxRecord(string Name, TimeSpan Ttl, ushort Preference, string Exchange) : DnsRecord(Name, Ttl)
{
    public override DnsRecordType Type => DnsRecordType.MX;
}
