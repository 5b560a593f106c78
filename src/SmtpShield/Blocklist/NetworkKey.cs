using System.Buffers.Binary;
using System.Net;

namespace SmtpShield.Blocklist;

/// <summary>
/// An address or prefix as integers, so the index can mask and look up without allocating: IPv4 in the
/// low 32 bits, IPv6 in all 128. Always canonical (host bits zero); an IPv4-mapped IPv6 address is IPv4.
/// </summary>
internal readonly record struct NetworkKey(UInt128 Bits, byte Length, bool IsV6)
{
    public int MaxLength => IsV6 ? 128 : 32;

    /// <summary>A single address (a /32 or /128).</summary>
    public bool IsHost => Length == MaxLength;

    public static NetworkKey ForAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException("not an IP address", nameof(address));
        }

        if (written == 4)
        {
            return new NetworkKey(BinaryPrimitives.ReadUInt32BigEndian(bytes), 32, IsV6: false);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return new NetworkKey(BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]), 32, IsV6: false);
        }

        return new NetworkKey(BinaryPrimitives.ReadUInt128BigEndian(bytes), 128, IsV6: true);
    }

    /// <summary>The network of <paramref name="length"/> bits around <paramref name="address"/>.</summary>
    public static NetworkKey ForAddress(IPAddress address, int length) => ForAddress(address).Truncate(length);

    public static NetworkKey For(IPNetwork network) => ForAddress(network.BaseAddress).Truncate(
        network.BaseAddress.IsIPv4MappedToIPv6 ? Math.Max(0, network.PrefixLength - 96) : network.PrefixLength);

    /// <summary>The enclosing network of <paramref name="length"/> bits (no wider than this one's family allows).</summary>
    public NetworkKey Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        UInt128 mask = length == 0 ? UInt128.Zero : UInt128.MaxValue << (MaxLength - length);
        if (!IsV6)
        {
            mask &= uint.MaxValue;
        }

        return new NetworkKey(Bits & mask, (byte)length, IsV6);
    }

    /// <summary>True when <paramref name="other"/> lies within this network (or is it).</summary>
    public bool Contains(NetworkKey other) =>
        IsV6 == other.IsV6 && other.Length >= Length && other.Truncate(Length).Bits == Bits;

    /// <summary>True when the two networks share any address: one contains the other.</summary>
    public bool Overlaps(NetworkKey other) => Contains(other) || other.Contains(this);

    public IPAddress BaseAddress
    {
        get
        {
            Span<byte> bytes = stackalloc byte[IsV6 ? 16 : 4];
            if (IsV6)
            {
                BinaryPrimitives.WriteUInt128BigEndian(bytes, Bits);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Bits);
            }

            return new IPAddress(bytes);
        }
    }

    public IPNetwork ToNetwork() => new(BaseAddress, Length);

    /// <summary>"192.0.2.7" for a host, "198.51.100.0/24" for a prefix: how admins write them.</summary>
    public override string ToString() => IsHost ? BaseAddress.ToString() : $"{BaseAddress}/{Length}";
}
