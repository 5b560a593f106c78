using System.Buffers.Binary;

namespace SmtpShield.Dns.Wire;

/// <summary>The fixed 12-octet message header (RFC 1035 §4.1.1).</summary>
internal readonly struct DnsHeader
{
    // RFC 1035 §4.1.1 flag bits: QR, OPCODE (4 bits), AA, TC, RD, RA, Z (3 bits), RCODE (4 bits).
    public const ushort ResponseFlag = 0x8000;
    public const ushort AuthoritativeFlag = 0x0400;
    public const ushort TruncatedFlag = 0x0200;
    public const ushort RecursionDesiredFlag = 0x0100;

    public ushort Id { get; init; }

    public ushort Flags { get; init; }

    public ushort QuestionCount { get; init; }

    public ushort AnswerCount { get; init; }

    public ushort AuthorityCount { get; init; }

    public ushort AdditionalCount { get; init; }

    public bool IsResponse => (Flags & ResponseFlag) != 0;

    /// <summary>0 is a standard query (QUERY), the only one this resolver sends.</summary>
    public int Opcode => (Flags >> 11) & 0xF;

    public bool IsTruncated => (Flags & TruncatedFlag) != 0;

    public DnsResponseCode ResponseCode => (DnsResponseCode)(Flags & 0xF);

    /// <summary>Reads the header; false when <paramref name="message"/> is shorter than 12 octets.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out DnsHeader header)
    {
        if (message.Length < DnsLimits.HeaderLength)
        {
            header = default;
            return false;
        }

        header = new DnsHeader
        {
            Id = BinaryPrimitives.ReadUInt16BigEndian(message),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            QuestionCount = BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            AnswerCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            AuthorityCount = BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            AdditionalCount = BinaryPrimitives.ReadUInt16BigEndian(message[10..]),
        };
        return true;
    }
}
