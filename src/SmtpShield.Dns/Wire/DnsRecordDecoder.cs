using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace SmtpShield.Dns.Wire;

/// <summary>
/// Reads one resource record (RFC 1035 §4.1.3) and its RDATA by type. Records of another class or of a type
/// outside <see cref="DnsRecordType"/> are bounds-checked and skipped (<paramref name="record"/> is null).
/// </summary>
internal static class DnsRecordDecoder
{
    // RFC 6891 §6.1.1: the OPT pseudo-record; its CLASS is a payload size, not a class.
    public const ushort OptType = 41;

    private const int FixedLength = 10;
    private const int Ipv4Length = 4;
    private const int Ipv6Length = 16;
    private const int SoaCounters = 5 * sizeof(uint);

    public static DnsDecodeStatus TryRead(ReadOnlySpan<byte> message, ref int offset, out DnsRecord? record)
    {
        record = null;
        DnsDecodeStatus status = DnsName.TryRead(message, ref offset, out string name);
        if (status != DnsDecodeStatus.Complete)
        {
            return status;
        }

        if (offset + FixedLength > message.Length)
        {
            return DnsDecodeStatus.OutOfBounds;
        }

        ReadOnlySpan<byte> fixedPart = message.Slice(offset, FixedLength);
        var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(fixedPart);
        ushort recordClass = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[2..]);
        uint ttlSeconds = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[4..]);
        int dataLength = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[8..]);
        int dataStart = offset + FixedLength;
        int dataEnd = dataStart + dataLength;
        if (dataEnd > message.Length)
        {
            return DnsDecodeStatus.OutOfBounds;
        }

        offset = dataEnd;
        if (recordClass != DnsQuestion.InternetClass)
        {
            return DnsDecodeStatus.Complete;
        }

        TimeSpan ttl = ToTtl(ttlSeconds);
        ReadOnlySpan<byte> data = message[dataStart..dataEnd];
        switch (type)
        {
            case DnsRecordType.A when dataLength == Ipv4Length:
            case DnsRecordType.AAAA when dataLength == Ipv6Length:
                record = new DnsAddressRecord(name, ttl, new IPAddress(data));
                return DnsDecodeStatus.Complete;

            case DnsRecordType.A:
            case DnsRecordType.AAAA:
                return DnsDecodeStatus.RecordDataMismatch;

            case DnsRecordType.CNAME:
            case DnsRecordType.PTR:
                status = ReadNameToEnd(message, dataStart, dataEnd, out string target);
                record = status != DnsDecodeStatus.Complete ? null
                    : type == DnsRecordType.CNAME ? new DnsCnameRecord(name, ttl, target)
                    : new DnsPtrRecord(name, ttl, target);
                return status;

            case DnsRecordType.MX:
                if (dataLength < sizeof(ushort))
                {
                    return DnsDecodeStatus.RecordDataMismatch;
                }

                ushort preference = BinaryPrimitives.ReadUInt16BigEndian(data);
                status = ReadNameToEnd(message, dataStart + sizeof(ushort), dataEnd, out string exchange);
                record = status == DnsDecodeStatus.Complete ? new DnsMxRecord(name, ttl, preference, exchange) : null;
                return status;

            case DnsRecordType.TXT:
                status = ReadCharacterStrings(data, out List<string> strings);
                record = status == DnsDecodeStatus.Complete ? new DnsTxtRecord(name, ttl, strings) : null;
                return status;

            case DnsRecordType.SOA:
                status = ReadSoaMinimum(message, dataStart, dataEnd, out uint minimum);
                record = status == DnsDecodeStatus.Complete ? new DnsSoaRecord(name, ttl, ToTtl(minimum)) : null;
                return status;

            default:
                return DnsDecodeStatus.Complete;
        }
    }

    // RFC 2181 §8: a TTL with the most significant bit set is treated as zero.
    private static TimeSpan ToTtl(uint seconds) => TimeSpan.FromSeconds(seconds > int.MaxValue ? 0 : seconds);

    // A name inside RDATA may use pointers, but its own octets must end exactly where RDLENGTH says.
    private static DnsDecodeStatus ReadNameToEnd(ReadOnlySpan<byte> message, int start, int end, out string name)
    {
        int offset = start;
        DnsDecodeStatus status = DnsName.TryRead(message[..end], ref offset, out name);
        if (status == DnsDecodeStatus.OutOfBounds)
        {
            return DnsDecodeStatus.RecordDataMismatch;
        }

        return status != DnsDecodeStatus.Complete ? status
            : offset != end ? DnsDecodeStatus.RecordDataMismatch
            : DnsDecodeStatus.Complete;
    }

    // RFC 1035 §3.3.14: TXT-DATA is one or more <character-string>s, each a length octet and that many octets.
    private static DnsDecodeStatus ReadCharacterStrings(ReadOnlySpan<byte> data, out List<string> strings)
    {
        strings = [];
        int position = 0;
        while (position < data.Length)
        {
            int length = data[position];
            if (position + 1 + length > data.Length)
            {
                return DnsDecodeStatus.RecordDataMismatch;
            }

            strings.Add(Encoding.Latin1.GetString(data.Slice(position + 1, length)));
            position += 1 + length;
        }

        return strings.Count == 0 ? DnsDecodeStatus.RecordDataMismatch : DnsDecodeStatus.Complete;
    }

    // RFC 1035 §3.3.13: MNAME, RNAME, then SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM (32 bits each).
    private static DnsDecodeStatus ReadSoaMinimum(ReadOnlySpan<byte> message, int start, int end, out uint minimum)
    {
        minimum = 0;
        ReadOnlySpan<byte> bounded = message[..end];
        int offset = start;
        DnsDecodeStatus status = DnsName.TryRead(bounded, ref offset, out _);
        if (status == DnsDecodeStatus.Complete)
        {
            status = DnsName.TryRead(bounded, ref offset, out _);
        }

        if (status == DnsDecodeStatus.OutOfBounds || (status == DnsDecodeStatus.Complete && offset + SoaCounters != end))
        {
            return DnsDecodeStatus.RecordDataMismatch;
        }

        if (status == DnsDecodeStatus.Complete)
        {
            minimum = BinaryPrimitives.ReadUInt32BigEndian(message[(end - sizeof(uint))..]);
        }

        return status;
    }
}
