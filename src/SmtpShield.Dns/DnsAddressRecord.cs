using System.Net;
using System.Net.Sockets;

namespace SmtpShield.Dns;

/// <summary>An A (RFC 1035 §3.4.1) or AAAA (RFC 3596 §2.2) record.</summary>
public sealed record DnsAddressRecord(string Name, TimeSpan Ttl, IPAddress Address) : DnsRecord(Name, Ttl)
{
    public override DnsRecordType Type => Address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsRecordType.AAAA : DnsRecordType.A;
}
