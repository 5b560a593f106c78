using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpShield.Listener;

namespace SmtpShield.Relay.Identity;

/// <summary>
/// The HAProxy PROXY protocol header (doc/proxy-protocol.txt), written first on a backend connection so
/// Postfix (smtpd_upstream_proxy_protocol) and Exim (hosts_proxy) see the real client. IPv4-mapped
/// addresses from a dual-stack listener are sent as TCP4, as the spec asks (shared/INTEGRATION.md §1.3).
/// </summary>
internal static class ProxyHeader
{
    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>v1: one ASCII line, "PROXY TCP4 src dst sport dport\r\n" (at most 107 octets).</summary>
    public static byte[] V1(IPEndPoint client, IPEndPoint local)
    {
        (IPAddress source, IPAddress destination) = SameFamily(client.Address, local.Address);
        string family = source.AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6";
        return Encoding.ASCII.GetBytes($"PROXY {family} {source} {destination} {client.Port} {local.Port}\r\n");
    }

    /// <summary>v2: the 12-octet signature, PROXY command, TCP over IPv4 or IPv6, addresses and ports in network order.</summary>
    public static byte[] V2(IPEndPoint client, IPEndPoint local)
    {
        (IPAddress source, IPAddress destination) = SameFamily(client.Address, local.Address);
        bool v4 = source.AddressFamily == AddressFamily.InterNetwork;
        int addressLength = v4 ? 4 : 16;
        int length = (2 * addressLength) + 4;
        byte[] header = new byte[16 + length];
        V2Signature.CopyTo(header);
        header[12] = 0x21; // version 2, PROXY
        header[13] = v4 ? (byte)0x11 : (byte)0x21; // TCP over IPv4 / IPv6
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)length);
        source.TryWriteBytes(header.AsSpan(16, addressLength), out _);
        destination.TryWriteBytes(header.AsSpan(16 + addressLength, addressLength), out _);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(16 + (2 * addressLength)), (ushort)client.Port);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(18 + (2 * addressLength)), (ushort)local.Port);
        return header;
    }

    // Both ends of one TCP connection share a family once mapped addresses are unwrapped; a mix can only
    // come from a mapped listener address, so the IPv4 side is widened rather than anything invented.
    private static (IPAddress Source, IPAddress Destination) SameFamily(IPAddress client, IPAddress local)
    {
        IPAddress source = ClientAddress.Normalize(client);
        IPAddress destination = ClientAddress.Normalize(local);
        if (source.AddressFamily == destination.AddressFamily)
        {
            return (source, destination);
        }

        return (source.MapToIPv6(), destination.MapToIPv6());
    }
}
