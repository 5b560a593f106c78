using System.Buffers.Binary;
using System.Text;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests;

/// <summary>
/// Writes responses for tests (the library only ever writes queries): header, one question, records of the
/// types the resolver decodes, with or without name compression (RFC 1035 §4.1.4).
/// </summary>
internal sealed class DnsResponseBuilder(ushort id, string name, DnsRecordType type)
{
    // QR, RD, RA: what a recursive server sets in an ordinary answer.
    private ushort _flags = 0x8180;
    private readonly List<DnsRecord> _answers = [];
    private readonly List<DnsRecord> _authority = [];
    private readonly List<DnsRecord> _additional = [];

    public ushort QuestionClass { get; init; } = DnsQuestion.InternetClass;

    public bool Compress { get; init; } = true;

    public DnsResponseBuilder WithFlags(ushort flags)
    {
        _flags = flags;
        return this;
    }

    public DnsResponseBuilder WithResponseCode(int rcode)
    {
        _flags = (ushort)((_flags & ~0xF) | rcode);
        return this;
    }

    public DnsResponseBuilder Truncated()
    {
        _flags |= DnsHeader.TruncatedFlag;
        return this;
    }

    public DnsResponseBuilder Answer(params DnsRecord[] records)
    {
        _answers.AddRange(records);
        return this;
    }

    public DnsResponseBuilder Authority(params DnsRecord[] records)
    {
        _authority.AddRange(records);
        return this;
    }

    public DnsResponseBuilder Additional(params DnsRecord[] records)
    {
        _additional.AddRange(records);
        return this;
    }

    public byte[] Build()
    {
        var writer = new Writer(Compress);
        writer.UInt16(id);
        writer.UInt16(_flags);
        writer.UInt16(1);
        writer.UInt16((ushort)_answers.Count);
        writer.UInt16((ushort)_authority.Count);
        writer.UInt16((ushort)_additional.Count);
        writer.Name(name);
        writer.UInt16((ushort)type);
        writer.UInt16(QuestionClass);
        foreach (DnsRecord record in _answers.Concat(_authority).Concat(_additional))
        {
            writer.Record(record);
        }

        return writer.ToArray();
    }

    private sealed class Writer(bool compress)
    {
        private readonly List<byte> _bytes = [];
        private readonly Dictionary<string, int> _suffixes = [];

        public void UInt16(ushort value)
        {
            _bytes.Add((byte)(value >> 8));
            _bytes.Add((byte)value);
        }

        public void UInt32(uint value)
        {
            UInt16((ushort)(value >> 16));
            UInt16((ushort)value);
        }

        public void Name(string presentation)
        {
            byte[] wire = new byte[DnsLimits.MaxNameWireLength];
            Assert.Equal(DnsNameError.None, DnsName.TryWrite(presentation, wire, out int length));
            int position = 0;
            while (wire[position] != 0)
            {
                // The key is the rest of the name from this label on, octet for octet. Servers may also point at an
                // earlier spelling in another case; exact keys keep the round-trip properties exact.
                string suffix = Encoding.Latin1.GetString(wire, position, length - position);
                if (compress && _suffixes.TryGetValue(suffix, out int earlier))
                {
                    UInt16((ushort)(0xC000 | earlier));
                    return;
                }

                if (_bytes.Count < 0x4000)
                {
                    _suffixes.TryAdd(suffix, _bytes.Count);
                }

                int labelLength = wire[position];
                _bytes.AddRange(wire.AsSpan(position, 1 + labelLength));
                position += 1 + labelLength;
            }

            _bytes.Add(0);
        }

        public void Record(DnsRecord record)
        {
            Name(record.Name);
            UInt16((ushort)record.Type);
            UInt16(DnsQuestion.InternetClass);
            UInt32((uint)record.Ttl.TotalSeconds);
            int lengthAt = _bytes.Count;
            UInt16(0);
            int start = _bytes.Count;
            switch (record)
            {
                case DnsAddressRecord address:
                    _bytes.AddRange(address.Address.GetAddressBytes());
                    break;
                case DnsCnameRecord cname:
                    Name(cname.Target);
                    break;
                case DnsPtrRecord ptr:
                    Name(ptr.Target);
                    break;
                case DnsMxRecord mx:
                    UInt16(mx.Preference);
                    Name(mx.Exchange);
                    break;
                case DnsTxtRecord txt:
                    foreach (string text in txt.Strings)
                    {
                        _bytes.Add((byte)text.Length);
                        _bytes.AddRange(Encoding.Latin1.GetBytes(text));
                    }

                    break;
                case DnsSoaRecord soa:
                    Name("ns.invalid");
                    Name("hostmaster.invalid");
                    UInt32(2025010101); // SERIAL
                    UInt32(3600); // REFRESH
                    UInt32(600); // RETRY
                    UInt32(86400); // EXPIRE
                    UInt32((uint)soa.Minimum.TotalSeconds);
                    break;
                default:
                    throw new ArgumentException($"No writer for {record.GetType().Name}.", nameof(record));
            }

            BinaryPrimitives.WriteUInt16BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes)[lengthAt..], (ushort)(_bytes.Count - start));
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
