using System.Buffers.Binary;

namespace SmtpShield.Dns.Wire;

/// <summary>
/// Writes a standard query (RFC 1035 §4.1): one question, recursion desired, and an EDNS0 OPT record
/// (RFC 6891 §6.1.2) advertising <see cref="DnsLimits.UdpPayloadSize"/> octets of UDP payload.
/// </summary>
internal static class DnsQueryEncoder
{
    // Header + longest name + type and class + the 11-octet OPT record.
    public const int MaxQueryLength = DnsLimits.HeaderLength + DnsLimits.MaxNameWireLength + 4 + OptLength;

    private const int OptLength = 11;

    public static DnsNameError TryEncode(ushort id, string name, DnsRecordType type, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < MaxQueryLength)
        {
            throw new ArgumentException("The destination must hold a query of the maximum length.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], DnsHeader.RecursionDesiredFlag);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1); // QDCOUNT
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], 0); // ANCOUNT
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], 0); // NSCOUNT
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 1); // ARCOUNT: the OPT record

        int position = DnsLimits.HeaderLength;
        DnsNameError error = DnsName.TryWrite(name, destination[position..], out int nameLength);
        if (error != DnsNameError.None)
        {
            return error;
        }

        position += nameLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[position..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 2)..], DnsQuestion.InternetClass);
        position += 4;

        // RFC 6891 §6.1.2: owner name root, TYPE OPT, CLASS = UDP payload size, TTL = extended RCODE 0,
        // version 0, flags 0 (DO clear: no DNSSEC records wanted), RDLENGTH 0.
        Span<byte> opt = destination.Slice(position, OptLength);
        opt[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(opt[1..], DnsRecordDecoder.OptType);
        BinaryPrimitives.WriteUInt16BigEndian(opt[3..], DnsLimits.UdpPayloadSize);
        BinaryPrimitives.WriteUInt32BigEndian(opt[5..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(opt[9..], 0);
        written = position + OptLength;
        return DnsNameError.None;
    }
}
