using System.Buffers.Binary;
using System.Net;

namespace SmtpLoad;

/// <summary>
/// Client source addresses taken round-robin from an IPv4 range such as 127.1.0.0/16. Each connection
/// binds its own address, so ephemeral ports never run out at thousands of sessions per second and a
/// per-client limit on the server sees one connection per address. Any 127/8 address can be bound on
/// Linux without configuring it.
/// </summary>
internal sealed class SourceAddressPool
{
    private readonly uint _first;
    private readonly uint _count;
    private long _next = -1;

    private SourceAddressPool(uint first, uint count)
    {
        _first = first;
        _count = count;
    }

    public uint Count => _count;

    /// <summary>Parses "a.b.c.d/len"; the network and broadcast addresses are skipped.</summary>
    public static SourceAddressPool Parse(string cidr)
    {
        if (!IPNetwork.TryParse(cidr, out IPNetwork network) || network.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"not an IPv4 range: {cidr}", nameof(cidr));
        }

        uint baseAddress = BinaryPrimitives.ReadUInt32BigEndian(network.BaseAddress.GetAddressBytes());
        int hostBits = 32 - network.PrefixLength;
        if (hostBits < 2)
        {
            // A /31 or /32: use the addresses as given.
            return new SourceAddressPool(baseAddress, 1u << hostBits);
        }

        return new SourceAddressPool(baseAddress + 1, (uint)((1L << hostBits) - 2));
    }

    /// <summary>The next address; safe from any thread.</summary>
    public IPAddress Next()
    {
        uint offset = (uint)((ulong)Interlocked.Increment(ref _next) % _count);
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _first + offset);
        return new IPAddress(bytes);
    }
}
