using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests.Wire;

/// <summary>
/// Truncated and hostile messages come back as an error status: never an exception, a loop, a read out of
/// bounds, or an allocation sized by what the packet claims.
/// </summary>
public class MaliciousMessageTests
{
    [Theory]
    [MemberData(nameof(GoldenResponses.Names), MemberType = typeof(GoldenResponses))]
    public void EveryProperPrefixOfAResponse_IsAnError(string golden)
    {
        byte[] response = GoldenResponses.ByName(golden);

        for (int length = 0; length < response.Length; length++)
        {
            Assert.NotEqual(DnsDecodeStatus.Complete, DnsMessageDecoder.Decode(response.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void AbsurdCounts_AreAnError_BeforeAnyRecordIsRead()
    {
        // ANCOUNT 65535 in a 40-octet packet.
        byte[] response = Hex.Bytes("""
            0001 8180 0001 ffff 0000 0000
            0161 00 0001 0001
            c00c 0001 0001 0000003c 0004 c0000201
            00 00 00 00 00
            """);

        Assert.Equal(40, response.Length);
        Assert.Equal(DnsDecodeStatus.CountsExceedMessage, DnsMessageDecoder.Decode(response, out DnsMessage message));
        Assert.Empty(message.Answers);
    }

    [Theory]
    [InlineData("0000", nameof(DnsDecodeStatus.UnexpectedQuestionCount))]
    [InlineData("0002", nameof(DnsDecodeStatus.UnexpectedQuestionCount))]
    public void QuestionCountOtherThanOne_IsAnError(string qdcount, string expected)
    {
        byte[] response = Hex.Bytes($"0001 8180 {qdcount} 0000 0000 0000 0161 00 0001 0001");

        Assert.Equal(expected, DnsMessageDecoder.Decode(response, out _).ToString());
    }

    [Theory]
    [InlineData("c00c 0001 0001 0000003c 0005 c000020101", nameof(DnsDecodeStatus.RecordDataMismatch))] // A of 5 octets
    [InlineData("c00c 001c 0001 0000003c 0004 c0000201", nameof(DnsDecodeStatus.RecordDataMismatch))] // AAAA of 4 octets
    [InlineData("c00c 0005 0001 0000003c 0002 0162 00", nameof(DnsDecodeStatus.RecordDataMismatch))] // CNAME running past RDLENGTH
    [InlineData("c00c 0005 0001 0000003c 0004 0162 00 00", nameof(DnsDecodeStatus.RecordDataMismatch))] // CNAME ending before RDLENGTH
    [InlineData("c00c 000f 0001 0000003c 0001 00", nameof(DnsDecodeStatus.RecordDataMismatch))] // MX shorter than its preference
    [InlineData("c00c 0010 0001 0000003c 0003 05 6162", nameof(DnsDecodeStatus.RecordDataMismatch))] // TXT string past RDLENGTH
    [InlineData("c00c 0010 0001 0000003c 0000", nameof(DnsDecodeStatus.RecordDataMismatch))] // TXT without strings
    [InlineData("c00c 0006 0001 0000003c 0004 00 00 0000", nameof(DnsDecodeStatus.RecordDataMismatch))] // SOA without counters
    [InlineData("c00c 0001 0001 0000003c 0010 c0000201", nameof(DnsDecodeStatus.OutOfBounds))] // RDLENGTH past the end
    [InlineData("c00c 0001 0001 0000", nameof(DnsDecodeStatus.CountsExceedMessage))] // fixed fields cut short
    [InlineData("c00c 0005 0001 0000003c 0002 c01f", nameof(DnsDecodeStatus.PointerNotBackwards))] // CNAME target pointing at itself
    public void RecordsThatBreakTheirFormat_AreAnError(string answer, string expected)
    {
        byte[] response = Hex.Bytes($"0001 8180 0001 0001 0000 0000 0161 00 0001 0001 {answer}");

        Assert.Equal(expected, DnsMessageDecoder.Decode(response, out _).ToString());
    }

    [Fact]
    public void HeaderAndQuestion_AreKept_WhenTheRestIsMalformed()
    {
        // So that a transport can tell a broken response to its question from a stray packet.
        byte[] response = Hex.Bytes("1234 8180 0001 0001 0000 0000 0161 00 0001 0001 c00c 0001 0001 0000003c 0005 c000020101");

        Assert.Equal(DnsDecodeStatus.RecordDataMismatch, DnsMessageDecoder.Decode(response, out DnsMessage message));
        Assert.Equal(0x1234, message.Header.Id);
        Assert.Equal(new DnsQuestion("a", DnsRecordType.A, 1), message.Question);
    }

    [Fact]
    public void PointerLoopInAnAnswerName_IsAnError()
    {
        byte[] response = Hex.Bytes("0001 8180 0001 0001 0000 0000 0161 00 0001 0001 c013 0001 0001 0000003c 0004 c0000201");

        Assert.Equal(DnsDecodeStatus.PointerNotBackwards, DnsMessageDecoder.Decode(response, out _));
    }

    [Fact]
    public void EverySingleOctetCorruptionOfEveryResponse_IsDecodedOrRefused_WithoutThrowing()
    {
        foreach (byte[] golden in GoldenResponses.All)
        {
            for (int i = 0; i < golden.Length; i++)
            {
                foreach (byte value in (byte[])[0x00, 0x01, 0x3F, 0x40, 0x80, 0xC0, 0xFF, (byte)(golden[i] ^ 0xFF)])
                {
                    byte[] corrupted = [.. golden];
                    corrupted[i] = value;
                    _ = DnsMessageDecoder.Decode(corrupted, out _);
                }
            }
        }
    }
}
