namespace SmtpShield.Dns;

/// <summary>
/// A TXT record (RFC 1035 §3.3.14): one or more character-strings of up to 255 octets each. Each octet
/// becomes one char (ISO-8859-1), so nothing is lost or replaced; ASCII, all that SPF (RFC 7208 §3.3) and
/// DNSBL reasons use, reads unchanged.
/// </summary>
public sealed record DnsTxtRecord(string Name, TimeSpan Ttl, IReadOnlyList<string> Strings) : DnsRecord(Name, Ttl)
{
    public override DnsRecordType Type => DnsRecordType.TXT;

    /// <summary>The character-strings of this record joined without separators, as RFC 7208 §3.3 reads SPF records.</summary>
    public string Text => string.Concat(Strings);

    public bool Equals(DnsTxtRecord? other) =>
        other is not null && base.Equals(other) && Strings.SequenceEqual(other.Strings);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Text);
}
