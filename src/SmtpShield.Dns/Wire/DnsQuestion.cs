namespace SmtpShield.Dns.Wire;

/// <summary>The question of a message (RFC 1035 §4.1.2). <see cref="Name"/> is in presentation form.</summary>
internal readonly record struct DnsQuestion(string Name, DnsRecordType Type, ushort Class)
{
    // RFC 1035 §3.2.4: class IN, the only one this resolver asks about.
    public const ushort InternetClass = 1;

    /// <summary>Same type and class, and the same name compared case-insensitively (RFC 4343 §3).</summary>
    public bool Matches(DnsQuestion other) =>
        Type == other.Type && Class == other.Class && DnsName.EqualsIgnoreCase(Name, other.Name);
}
