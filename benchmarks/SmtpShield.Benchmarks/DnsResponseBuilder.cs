using System.Buffers.Binary;
using System.Net;
using System.Text;
using SmtpShield.Dns;

namespace SmtpShield.Benchmarks;

/// <summary>
/// Builds a response message octet by octet (RFC 1035 §4.1) for the codec benchmarks, with names
/// compressed as a resolver compresses them (RFC 1035 §4.1.4). Written from the RFC rather than with the
/// encoder under test, so that a mistake cannot hide in both. The caller gives the section counts and
/// writes the sections in order; names are plain ASCII, without escapes or a trailing dot.
/// </summary>
internal sealed class DnsResponseBuilder
{
    // RFC 1035 §4.1.1 flags: QR (response), RD (copied from the query), RA (a recursive resolver answers).
    public const ushort ResponseFlags = 0x8000 | 0x0100 | 0x0080;

    // RFC 1035 §4.1.1: RCODE 3, "Name Error" (NXDOMAIN).
    public const ushort NameErrorFlags = ResponseFlags | 3;

    // RFC 1035 §3.2.4: class IN. RFC 6891 §6.1.1: TYPE 41 is the OPT pseudo-record.
    private const ushort InternetClass = 1;
    private const ushort OptType = 41;

    // RFC 1035 §4.1.4: a pointer is two octets, the top two bits set and 14 bits of offset.
    private const ushort PointerBits = 0xC000;

    private readonly List<byte> _message = new(512);

    // Every name suffix written out in full so far, with its offset: where a later name may point.
    private readonly Dictionary<string, int> _suffixes = [];

    public DnsResponseBuilder(ushort id, ushort flags, ushort answers, ushort authority, ushort additional)
    {
        UInt16(id);
        UInt16(flags);
        UInt16(1); // QDCOUNT: the question is echoed (RFC 1035 §4.1.2)
        UInt16(answers);
        UInt16(authority);
        UInt16(additional);
    }

    public DnsResponseBuilder Question(string name, DnsRecordType type)
    {
        Name(name);
        UInt16((ushort)type);
        UInt16(InternetClass);
        return this;
    }

    public DnsResponseBuilder A(string owner, uint ttl, IPAddress address) =>
        Record(owner, DnsRecordType.A, ttl, () => _message.AddRange(address.GetAddressBytes()));

    /// <summary>A TXT record of one character-string (RFC 1035 §3.3.14), so up to 255 octets.</summary>
    public DnsResponseBuilder Txt(string owner, uint ttl, string text) =>
        Record(owner, DnsRecordType.TXT, ttl, () =>
        {
            byte[] octets = Encoding.ASCII.GetBytes(text);
            _message.Add(checked((byte)octets.Length));
            _message.AddRange(octets);
        });

    /// <summary>An SOA record (RFC 1035 §3.3.13): MNAME and RNAME, then SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM.</summary>
    public DnsResponseBuilder Soa(string owner, uint ttl, string primary, string mailbox, uint serial, uint minimum) =>
        Record(owner, DnsRecordType.SOA, ttl, () =>
        {
            Name(primary);
            Name(mailbox);
            UInt32(serial);
            UInt32(3600); // REFRESH
            UInt32(600); // RETRY
            UInt32(604800); // EXPIRE
            UInt32(minimum);
        });

    /// <summary>
    /// The OPT record an EDNS0 resolver returns to an EDNS0 query (RFC 6891 §6.1.2, §7): root owner, CLASS
    /// the resolver's UDP payload size, extended RCODE, version and flags 0, no options.
    /// </summary>
    public DnsResponseBuilder Opt(ushort udpPayloadSize)
    {
        _message.Add(0);
        UInt16(OptType);
        UInt16(udpPayloadSize);
        UInt32(0);
        UInt16(0);
        return this;
    }

    public byte[] ToArray() => [.. _message];

    // RFC 1035 §4.1.3: NAME, TYPE, CLASS, TTL, RDLENGTH, then RDATA; RDLENGTH is filled in once it is written.
    private DnsResponseBuilder Record(string owner, DnsRecordType type, uint ttl, Action writeData)
    {
        Name(owner);
        UInt16((ushort)type);
        UInt16(InternetClass);
        UInt32(ttl);
        int lengthAt = _message.Count;
        UInt16(0);
        writeData();
        int length = _message.Count - lengthAt - sizeof(ushort);
        _message[lengthAt] = (byte)(length >> 8);
        _message[lengthAt + 1] = (byte)length;
        return this;
    }

    // Labels up to the longest suffix already in the message, then a pointer to it; or all labels and the root.
    private void Name(string name)
    {
        string rest = name;
        while (rest.Length > 0)
        {
            if (_suffixes.TryGetValue(rest, out int offset))
            {
                UInt16((ushort)(PointerBits | offset));
                return;
            }

            _suffixes[rest] = _message.Count;
            int dot = rest.IndexOf('.', StringComparison.Ordinal);
            string label = dot < 0 ? rest : rest[..dot];
            _message.Add(checked((byte)label.Length));
            _message.AddRange(Encoding.ASCII.GetBytes(label));
            rest = dot < 0 ? "" : rest[(dot + 1)..];
        }

        _message.Add(0);
    }

    private void UInt16(ushort value)
    {
        Span<byte> octets = stackalloc byte[sizeof(ushort)];
        BinaryPrimitives.WriteUInt16BigEndian(octets, value);
        _message.AddRange(octets);
    }

    private void UInt32(uint value)
    {
        Span<byte> octets = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(octets, value);
        _message.AddRange(octets);
    }
}
