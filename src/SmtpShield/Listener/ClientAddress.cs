using System.Net;

namespace SmtpShield.Listener;

/// <summary>
/// The one rule for comparing addresses: a dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d,
/// but logs, DNSBL names, access lists and XCLIENT ADDR all want the plain IPv4 form.
/// </summary>
internal static class ClientAddress
{
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
