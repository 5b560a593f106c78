using System.Diagnostics.CodeAnalysis;

namespace SmtpShield.Dns;

/// <summary>
/// The resource record types this resolver asks for and decodes, with their wire values
/// (RFC 1035 §3.2.2; AAAA from RFC 3596 §2.1). Records of any other type in a response are skipped.
/// The members keep the DNS mnemonics, as every zone file and DNS tool spells them.
/// </summary>
public enum DnsRecordType : ushort
{
    A = 1,
    CNAME = 5,
    SOA = 6,
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The DNS mnemonic for a pointer record.")]
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
}
