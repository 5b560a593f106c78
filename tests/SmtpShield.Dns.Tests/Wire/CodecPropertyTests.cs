using FsCheck;
using FsCheck.Fluent;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests.Wire;

/// <summary>
/// Properties over generated input (FsCheck): names and messages survive encode → decode unchanged, and no
/// octets make the decoder or the name encoder throw.
/// </summary>
public class CodecPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Fact]
    public void WireName_ReadThenWritten_IsTheSameOctets()
    {
        Check.One(s_config, Prop.ForAll(DnsGenerators.WireName.ToArbitrary(), wire =>
        {
            string name = DnsGenerators.Present(wire);
            byte[] written = new byte[DnsLimits.MaxNameWireLength];
            return DnsName.TryWrite(name, written, out int length) == DnsNameError.None
                && written.AsSpan(0, length).SequenceEqual(wire);
        }));
    }

    [Fact]
    public void Query_EncodedThenDecoded_HasTheSameIdNameAndType()
    {
        Arbitrary<(ushort, string, DnsRecordType)> queries =
            (from id in Gen.Choose(0, 65535) from name in DnsGenerators.Name from type in DnsGenerators.QueryType select ((ushort)id, name, type)).ToArbitrary();

        Check.One(s_config, Prop.ForAll(queries, query =>
        {
            (ushort id, string name, DnsRecordType type) = query;
            byte[] bytes = QueryEncodingTests.Encode(id, name, type);
            return DnsMessageDecoder.Decode(bytes, out DnsMessage message) == DnsDecodeStatus.Complete
                && message.Header.Id == id
                && message.Question == new DnsQuestion(name, type, DnsQuestion.InternetClass);
        }));
    }

    [Fact]
    public void Response_BuiltThenDecoded_HasTheSameRecords_CompressedOrNot()
    {
        Arbitrary<((string, DnsRecordType, DnsRecord[]), bool)> responses = Gen.Zip(DnsGenerators.Response, ArbMap.Default.GeneratorFor<bool>()).ToArbitrary();

        Check.One(s_config.WithMaxTest(500), Prop.ForAll(responses, input =>
        {
            ((string name, DnsRecordType type, DnsRecord[] records), bool compress) = input;
            byte[] bytes = new DnsResponseBuilder(42, name, type) { Compress = compress }.Answer(records).Build();
            return DnsMessageDecoder.Decode(bytes, out DnsMessage message) == DnsDecodeStatus.Complete
                && message.Answers.SequenceEqual(records);
        }));
    }

    [Fact]
    public void ArbitraryOctets_NeverMakeTheDecoderThrow()
    {
        Check.One(s_config, Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            DnsDecodeStatus status = DnsMessageDecoder.Decode(bytes, out _);
            return Enum.IsDefined(status);
        }));
    }

    [Fact]
    public void ArbitraryOctetsAfterAValidHeaderAndQuestion_NeverMakeTheDecoderThrow()
    {
        // A plausible start gets random octets past the header checks, into names, pointers and records.
        byte[] start = Hex.Bytes("0001 8180 0001 0003 0001 0001 0161 00 0001 0001");
        Arbitrary<byte[]> tails = Gen.Frequency(
                (1, ArbMap.Default.GeneratorFor<byte[]>()),
                (3, Gen.Elements<byte>(0x00, 0x01, 0x04, 0x05, 0x06, 0x0c, 0x0f, 0x10, 0x1c, 0x3f, 0x40, 0x80, 0xc0, 0xc0, 0x0c, 0xff).ArrayOf()))
            .ToArbitrary();

        Check.One(s_config, Prop.ForAll(tails, tail =>
        {
            DnsDecodeStatus status = DnsMessageDecoder.Decode([.. start, .. tail], out DnsMessage message);
            return Enum.IsDefined(status) && message.Answers.Count <= 3;
        }));
    }

    [Fact]
    public void NameReader_NeverThrows_FromAnyOffset()
    {
        Arbitrary<(byte[], int)> inputs = ArbMap.Default.GeneratorFor<byte[]>()
            .SelectMany(bytes => Gen.Choose(0, bytes.Length + 1).Select(offset => (bytes, offset)))
            .ToArbitrary();

        Check.One(s_config, Prop.ForAll(inputs, input =>
        {
            (byte[] bytes, int offset) = input;
            int position = offset;
            DnsDecodeStatus status = DnsName.TryRead(bytes, ref position, out string name);
            return status != DnsDecodeStatus.Complete || (position > offset && position <= bytes.Length && name.Length > 0);
        }));
    }

    [Fact]
    public void NameEncoder_NeverThrows_AndWhatItAcceptsFitsTheLimits()
    {
        Check.One(s_config, Prop.ForAll(DnsGenerators.NameLikeText.ToArbitrary(), text =>
        {
            byte[] destination = new byte[DnsLimits.MaxNameWireLength];
            DnsNameError error = DnsName.TryWrite(text, destination, out int length);
            if (error != DnsNameError.None)
            {
                return true;
            }

            int offset = 0;
            return length <= DnsLimits.MaxNameWireLength
                && DnsName.TryRead(destination.AsSpan(0, length), ref offset, out _) == DnsDecodeStatus.Complete
                && offset == length;
        }));
    }
}
