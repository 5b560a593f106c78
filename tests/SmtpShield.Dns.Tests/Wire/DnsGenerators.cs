using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests.Wire;

/// <summary>
/// FsCheck generators: names as wire labels (mostly host-name characters, sometimes any octets, so escapes get
/// exercised), records of every decoded type, and raw octets.
/// </summary>
internal static class DnsGenerators
{
    private const string HostCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_*";

    /// <summary>One label: 1 to 63 octets.</summary>
    public static Gen<byte[]> Label =>
        Gen.Frequency(
            (6, Gen.Choose(1, 12).SelectMany(n => Gen.Elements(HostCharacters.ToCharArray()).ArrayOf(n)).Select(chars => Encoding.ASCII.GetBytes(chars))),
            (1, Gen.Choose(1, 63).SelectMany(n => ArbMap.Default.GeneratorFor<byte>().ArrayOf(n))));

    /// <summary>A name on the wire (labels and the root octet), at most 255 octets.</summary>
    public static Gen<byte[]> WireName =>
        Gen.Choose(0, 6).SelectMany(n => Label.ArrayOf(n))
            .Select(labels => labels.Aggregate(Enumerable.Empty<byte>(), (wire, label) => wire.Append((byte)label.Length).Concat(label)).Append((byte)0).ToArray())
            .Where(wire => wire.Length <= DnsLimits.MaxNameWireLength);

    /// <summary>A name in the presentation form the decoder produces.</summary>
    public static Gen<string> Name => WireName.Select(Present);

    /// <summary>A few names, so that records share owners and suffixes and compression kicks in.</summary>
    public static Gen<string[]> NamePool => Name.ArrayOf().Select(names => names.Append("example.org").Append("mail.example.org").ToArray());

    public static Gen<TimeSpan> Ttl => Gen.Choose(0, int.MaxValue).Select(seconds => TimeSpan.FromSeconds(seconds));

    public static Gen<DnsRecordType> QueryType =>
        Gen.Elements(DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.CNAME, DnsRecordType.SOA, DnsRecordType.PTR, DnsRecordType.MX, DnsRecordType.TXT);

    public static Gen<DnsRecord> Record(string[] names)
    {
        Gen<string> name = Gen.Elements(names);
        Gen<byte[]> bytes4 = ArbMap.Default.GeneratorFor<byte>().ArrayOf(4);
        Gen<byte[]> bytes16 = ArbMap.Default.GeneratorFor<byte>().ArrayOf(16);
        Gen<string> characterString = Gen.Choose(0, 255).SelectMany(n => Gen.Choose(0, 255).Select(c => (char)c).ArrayOf(n)).Select(chars => new string(chars));
        Gen<(string Owner, TimeSpan Ttl)> head = Gen.Zip(name, Ttl);
        return Gen.OneOf(
            Gen.Zip(head, bytes4, (h, address) => (DnsRecord)new DnsAddressRecord(h.Owner, h.Ttl, new IPAddress(address))),
            Gen.Zip(head, bytes16, (h, address) => (DnsRecord)new DnsAddressRecord(h.Owner, h.Ttl, new IPAddress(address))),
            Gen.Zip(head, name, (h, target) => (DnsRecord)new DnsCnameRecord(h.Owner, h.Ttl, target)),
            Gen.Zip(head, name, (h, target) => (DnsRecord)new DnsPtrRecord(h.Owner, h.Ttl, target)),
            Gen.Zip(head, Gen.Zip(Gen.Choose(0, 65535), name), (h, mx) => (DnsRecord)new DnsMxRecord(h.Owner, h.Ttl, (ushort)mx.Item1, mx.Item2)),
            Gen.Zip(head, Gen.Choose(1, 4).SelectMany(n => characterString.ArrayOf(n)), (h, strings) => (DnsRecord)new DnsTxtRecord(h.Owner, h.Ttl, strings)),
            Gen.Zip(head, Ttl, (h, minimum) => (DnsRecord)new DnsSoaRecord(h.Owner, h.Ttl, minimum)));
    }

    /// <summary>A response: question name and type, and answer records over a shared pool of names.</summary>
    public static Gen<(string Name, DnsRecordType Type, DnsRecord[] Records)> Response =>
        from names in NamePool
        from question in Gen.Elements(names)
        from type in QueryType
        from count in Gen.Choose(0, 12)
        from records in Record(names).ArrayOf(count)
        select (question, type, records);

    /// <summary>Strings built from the characters that matter to name syntax, for the encoder's no-throw property.</summary>
    public static Gen<string> NameLikeText =>
        Gen.Elements("a", "Z", "0", "-", ".", "..", "\\", "\\0", "\\255", "\\256", "\\.", " ", "ü", "\u212a", "\0", new string('x', 63), new string('y', 70))
            .ArrayOf().Select(string.Concat);

    public static string Present(byte[] wireName)
    {
        int offset = 0;
        Assert.Equal(DnsDecodeStatus.Complete, DnsName.TryRead(wireName, ref offset, out string name));
        return name;
    }
}
