using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmtpShield.Dns;

/// <summary>
/// The name under which an address is looked up in reverse: PTR names (RFC 1035 §3.5 in-addr.arpa,
/// RFC 3596 §2.5 ip6.arpa) and DNSBL/DNSWL names (RFC 5782 §2.1 for IPv4, §2.4 for IPv6), which use the
/// same reversed octets or nibbles under the list's zone.
/// </summary>
public static class ReverseName
{
    private const string Ipv4Zone = "in-addr.arpa";
    private const string Ipv6Zone = "ip6.arpa";

    /// <summary>"4.3.2.1.in-addr.arpa" for 1.2.3.4; 32 nibbles under "ip6.arpa" for IPv6.</summary>
    public static string For(IPAddress address) =>
        For(address, Unmap(address).AddressFamily == AddressFamily.InterNetworkV6 ? Ipv6Zone : Ipv4Zone);

    /// <summary>"4.3.2.1.zen.example" for 1.2.3.4 and zone "zen.example"; IPv6 as 32 nibbles under the zone.</summary>
    public static string For(IPAddress address, string zone)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(zone);
        zone = zone.TrimEnd('.');
        address = Unmap(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int length);
        bytes = bytes[..length];

        // IPv4: each octet in decimal, last first. IPv6: each nibble in hex, last first (RFC 3596 §2.5).
        var name = new StringBuilder((length == 4 ? 16 : 64) + zone.Length);
        for (int i = length - 1; i >= 0; i--)
        {
            if (length == 4)
            {
                name.Append(bytes[i]).Append('.');
            }
            else
            {
                name.Append(HexDigit(bytes[i] & 0xF)).Append('.').Append(HexDigit(bytes[i] >> 4)).Append('.');
            }
        }

        return name.Append(zone).ToString();
    }

    // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d; its reverse name is the IPv4 one.
    private static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
