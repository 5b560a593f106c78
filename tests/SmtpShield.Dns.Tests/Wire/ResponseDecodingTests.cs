using System.Net;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests.Wire;

/// <summary>Responses captured from dnsmasq decode to the records they carry.</summary>
public class ResponseDecodingTests
{
    [Fact]
    public void MxResponse_DecodesBothExchanges_AndSkipsTheNsRecordAndOpt()
    {
        DnsMessage message = Decode(GoldenResponses.Mx);

        Assert.Equal(0x0800, message.Header.Id);
        Assert.True(message.Header.IsResponse);
        Assert.Equal(DnsResponseCode.NoError, message.Header.ResponseCode);
        Assert.Equal(new DnsQuestion("zone.test", DnsRecordType.MX, 1), message.Question);
        Assert.Equal(
            [
                new DnsMxRecord("zone.test", TimeSpan.FromSeconds(120), 5, "mx2.zone.test"),
                new DnsMxRecord("zone.test", TimeSpan.FromSeconds(120), 10, "mx1.zone.test"),
            ],
            message.Answers);
        Assert.Empty(message.Authority);
        Assert.Empty(message.Additional);
    }

    [Fact]
    public void NxDomain_CarriesTheSoaWithItsMinimum()
    {
        DnsMessage message = Decode(GoldenResponses.NxDomainWithSoa);

        Assert.Equal(DnsResponseCode.NameError, message.Header.ResponseCode);
        Assert.Empty(message.Answers);
        DnsSoaRecord soa = Assert.IsType<DnsSoaRecord>(Assert.Single(message.Authority));
        Assert.Equal(new DnsSoaRecord("zone.test", TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(120)), soa);
    }

    [Fact]
    public void Txt_KeepsEachCharacterString()
    {
        DnsMessage message = Decode(GoldenResponses.MultiStringTxt);

        DnsTxtRecord txt = Assert.IsType<DnsTxtRecord>(Assert.Single(message.Answers));
        Assert.Equal(["part one ", "part two"], txt.Strings);
        Assert.Equal("part one part two", txt.Text);
    }

    [Fact]
    public void CnameChain_DecodesEveryLink()
    {
        DnsMessage message = Decode(GoldenResponses.CnameChain);

        TimeSpan ttl = TimeSpan.FromSeconds(60);
        Assert.Equal(
            [
                new DnsCnameRecord("alias2.plain.test", ttl, "alias.plain.test"),
                new DnsCnameRecord("alias.plain.test", ttl, "host.plain.test"),
                new DnsAddressRecord("host.plain.test", ttl, IPAddress.Parse("192.0.2.10")),
            ],
            message.Answers);
    }

    [Fact]
    public void Ipv6Ptr_DecodesTheNibbleName()
    {
        DnsMessage message = Decode(GoldenResponses.Ipv6Ptr);

        DnsPtrRecord ptr = Assert.IsType<DnsPtrRecord>(Assert.Single(message.Answers));
        Assert.Equal(ReverseName.For(IPAddress.Parse("2001:db8::10")), ptr.Name);
        Assert.Equal("host.zone.test", ptr.Target);
    }

    [Fact]
    public void Refused_WithAnExtendedErrorInOpt_Decodes()
    {
        DnsMessage message = Decode(GoldenResponses.RefusedWithExtendedError);

        Assert.Equal(DnsResponseCode.Refused, message.Header.ResponseCode);
        Assert.Empty(message.Additional);
    }

    [Fact]
    public void Truncated_IsOnlyHeaderAndQuestion()
    {
        DnsMessage message = Decode(GoldenResponses.Truncated);

        Assert.True(message.Header.IsTruncated);
        Assert.Equal(new DnsQuestion("big.zone.test", DnsRecordType.TXT, 1), message.Question);
        Assert.Empty(message.Answers);
    }

    [Fact]
    public void TtlWithTheTopBitSet_IsZero()
    {
        // RFC 2181 §8.
        byte[] response = Hex.Bytes("""
            0001 8180 0001 0001 0000 0000
            0161 00 0001 0001
            c00c 0001 0001 80000001 0004 c0000201
            """);

        Assert.Equal(TimeSpan.Zero, Assert.Single(Decode(response).Answers).Ttl);
    }

    [Fact]
    public void RecordsOfOtherClassesAndUnknownTypes_AreSkipped()
    {
        byte[] response = Hex.Bytes("""
            0001 8180 0001 0003 0000 0000
            0161 00 0001 0001
            c00c 0001 0003 0000003c 0004 c0000201
            c00c 0063 0001 0000003c 0003 616263
            c00c 0001 0001 0000003c 0004 c0000202
            """);

        DnsRecord record = Assert.Single(Decode(response).Answers);
        Assert.Equal(new DnsAddressRecord("a", TimeSpan.FromSeconds(60), IPAddress.Parse("192.0.2.2")), record);
    }

    [Fact]
    public void NullMx_HasTheRootAsExchange()
    {
        // RFC 7505: "0 ." says the domain accepts no mail.
        byte[] response = Hex.Bytes("""
            0001 8180 0001 0001 0000 0000
            0161 00 000f 0001
            c00c 000f 0001 0000003c 0003 0000 00
            """);

        Assert.Equal(new DnsMxRecord("a", TimeSpan.FromSeconds(60), 0, "."), Assert.Single(Decode(response).Answers));
    }

    private static DnsMessage Decode(byte[] response)
    {
        Assert.Equal(DnsDecodeStatus.Complete, DnsMessageDecoder.Decode(response, out DnsMessage message));
        return message;
    }
}
