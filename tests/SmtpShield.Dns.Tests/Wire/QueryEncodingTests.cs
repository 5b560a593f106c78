using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests.Wire;

/// <summary>Queries are encoded byte for byte as RFC 1035 §4.1 and RFC 6891 §6.1.2 lay them out.</summary>
public class QueryEncodingTests
{
    [Fact]
    public void QueryForExampleComA_IsEncodedByteForByte()
    {
        byte[] expected = Hex.Bytes("""
            abcd 0100 0001 0000 0000 0001
            07 6578616d706c65 03 636f6d 00 0001 0001
            00 0029 04d0 00000000 0000
            """);

        Assert.Equal(Hex.Of(expected), Hex.Of(Encode(0xABCD, "example.com", DnsRecordType.A)));
    }

    [Fact]
    public void OptRecord_AdvertisesA1232OctetUdpPayload_AndNoDnssec()
    {
        byte[] query = Encode(1, "example.com", DnsRecordType.TXT);

        // The last 11 octets: root owner, TYPE 41, CLASS 1232, TTL 0 (DO clear), RDLENGTH 0.
        Assert.Equal("00002904d0000000000000", Hex.Of(query.AsSpan(query.Length - 11)));
    }

    [Theory]
    [InlineData(DnsRecordType.A, "0001")]
    [InlineData(DnsRecordType.AAAA, "001c")]
    [InlineData(DnsRecordType.PTR, "000c")]
    [InlineData(DnsRecordType.MX, "000f")]
    [InlineData(DnsRecordType.TXT, "0010")]
    [InlineData(DnsRecordType.CNAME, "0005")]
    public void QuestionType_IsTheRecordTypeCode(DnsRecordType type, string code)
    {
        byte[] query = Encode(1, "a.example", type);

        Assert.Equal(code + "0001", Hex.Of(query.AsSpan(12 + 11, 4)));
    }

    [Fact]
    public void TrailingDot_EncodesTheSameAsWithout()
    {
        Assert.Equal(Encode(7, "mail.example.org", DnsRecordType.MX), Encode(7, "mail.example.org.", DnsRecordType.MX));
    }

    [Fact]
    public void Case_IsSentAsGiven()
    {
        byte[] query = Encode(7, "MaIl.Example", DnsRecordType.A);

        Assert.Equal("044d61496c074578616d706c6500", Hex.Of(query.AsSpan(12, 14)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    public void Root_IsASingleZeroOctet(string root)
    {
        byte[] query = Encode(1, root, DnsRecordType.A);

        Assert.Equal("0000010001", Hex.Of(query.AsSpan(12, 5)));
    }

    [Theory]
    [InlineData(@"a\.b.example", "03612e6207six")]
    [InlineData(@"a\046b.example", "03612e6207six")]
    [InlineData(@"\\.example", "015c07six")]
    [InlineData(@"\000\255.example", "0200ff07six")]
    public void Escapes_BecomeTheOctetsTheyStandFor(string name, string expectedName)
    {
        byte[] query = Encode(1, name, DnsRecordType.A);

        string expected = expectedName.Replace("six", "6578616d706c6500", StringComparison.Ordinal);
        Assert.Equal(expected, Hex.Of(query.AsSpan(12, expected.Length / 2)));
    }

    [Theory]
    [InlineData("a..b", nameof(DnsNameError.EmptyLabel))]
    [InlineData(".a", nameof(DnsNameError.EmptyLabel))]
    [InlineData("a b.example", nameof(DnsNameError.InvalidCharacter))]
    [InlineData("bücher.example", nameof(DnsNameError.InvalidCharacter))]
    [InlineData("tab\t.example", nameof(DnsNameError.InvalidCharacter))]
    [InlineData(@"a\", nameof(DnsNameError.InvalidEscape))]
    [InlineData(@"a\25", nameof(DnsNameError.InvalidEscape))]
    [InlineData(@"a\256", nameof(DnsNameError.InvalidEscape))]
    [InlineData(@"a\2x5", nameof(DnsNameError.InvalidEscape))]
    public void InvalidNames_AreRefused(string name, string expected)
    {
        Span<byte> destination = new byte[DnsQueryEncoder.MaxQueryLength];

        Assert.Equal(expected, DnsQueryEncoder.TryEncode(1, name, DnsRecordType.A, destination, out _).ToString());
    }

    [Fact]
    public void Label_MayHave63Octets_But64AreTooMany()
    {
        Span<byte> destination = new byte[DnsQueryEncoder.MaxQueryLength];

        Assert.Equal(DnsNameError.None, DnsQueryEncoder.TryEncode(1, new string('a', 63) + ".example", DnsRecordType.A, destination, out _));
        Assert.Equal(DnsNameError.LabelTooLong, DnsQueryEncoder.TryEncode(1, new string('a', 64) + ".example", DnsRecordType.A, destination, out _));
    }

    [Fact]
    public void Name_MayHave253Characters_But254AreTooMany()
    {
        string label = new('a', 63);
        string longest = $"{label}.{label}.{label}.{new string('b', 61)}";
        Span<byte> destination = new byte[DnsQueryEncoder.MaxQueryLength];

        Assert.Equal(253, longest.Length);
        Assert.Equal(DnsNameError.None, DnsQueryEncoder.TryEncode(1, longest, DnsRecordType.A, destination, out int written));
        Assert.Equal(DnsQueryEncoder.MaxQueryLength, written);
        Assert.Equal(DnsNameError.None, DnsQueryEncoder.TryEncode(1, longest + ".", DnsRecordType.A, destination, out _));
        Assert.Equal(DnsNameError.NameTooLong, DnsQueryEncoder.TryEncode(1, longest + "b", DnsRecordType.A, destination, out _));
        Assert.Equal(DnsNameError.NameTooLong, DnsQueryEncoder.TryEncode(1, "b." + longest, DnsRecordType.A, destination, out _));
    }

    internal static byte[] Encode(ushort id, string name, DnsRecordType type)
    {
        byte[] destination = new byte[DnsQueryEncoder.MaxQueryLength];
        Assert.Equal(DnsNameError.None, DnsQueryEncoder.TryEncode(id, name, type, destination, out int written));
        return destination[..written];
    }
}
