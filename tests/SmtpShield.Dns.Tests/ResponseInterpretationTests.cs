using System.Net;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests;

/// <summary>
/// A response becomes a result: RCODE to status (temporary vs permanent), CNAME chains followed to the records
/// asked for, and negative answers given the RFC 2308 §5 TTL, min(SOA TTL, SOA MINIMUM).
/// </summary>
public class ResponseInterpretationTests
{
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(2, DnsStatus.TempError, DnsError.ServerFailure)]
    [InlineData(5, DnsStatus.PermError, DnsError.Refused)]
    [InlineData(1, DnsStatus.PermError, DnsError.FormatError)]
    [InlineData(4, DnsStatus.PermError, DnsError.NotImplemented)]
    [InlineData(9, DnsStatus.PermError, DnsError.UnexpectedResponseCode)]
    public void ErrorResponseCodes_AreTemporaryOrPermanent(int rcode, DnsStatus status, DnsError error)
    {
        DnsResult result = Interpret(new DnsResponseBuilder(1, "a.example", DnsRecordType.A).WithResponseCode(rcode), "a.example", DnsRecordType.A);

        Assert.Equal((status, error), (result.Status, result.Error));
        Assert.Empty(result.Records);
    }

    [Fact]
    public void Records_OfTheAskedType_AreFound_WithTheSmallestTtl()
    {
        var first = new DnsAddressRecord("a.example", TimeSpan.FromSeconds(300), IPAddress.Parse("192.0.2.1"));
        var second = new DnsAddressRecord("a.example", TimeSpan.FromSeconds(60), IPAddress.Parse("192.0.2.2"));

        DnsResult result = Interpret(new DnsResponseBuilder(1, "a.example", DnsRecordType.A).Answer(first, second), "a.example", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
        Assert.Equal([first, second], result.Records);
        Assert.Equal(TimeSpan.FromSeconds(60), result.Ttl);
    }

    [Fact]
    public void OwnerNames_MatchCaseInsensitively()
    {
        var record = new DnsAddressRecord("A.EXAMPLE", s_minute, IPAddress.Parse("192.0.2.1"));

        DnsResult result = Interpret(new DnsResponseBuilder(1, "a.example", DnsRecordType.A).Answer(record), "a.Example.", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
    }

    [Fact]
    public void CnameChain_IsFollowedToTheFinalRecords_AndTheTtlIsTheChainsMinimum()
    {
        var target = new DnsAddressRecord("host.example", TimeSpan.FromSeconds(600), IPAddress.Parse("192.0.2.7"));
        DnsResponseBuilder response = new DnsResponseBuilder(1, "www.example", DnsRecordType.A).Answer(
            new DnsCnameRecord("www.example", TimeSpan.FromSeconds(300), "web.example"),
            new DnsCnameRecord("web.example", TimeSpan.FromSeconds(30), "host.example"),
            new DnsAddressRecord("unrelated.example", s_minute, IPAddress.Parse("198.51.100.1")),
            target);

        DnsResult result = Interpret(response, "www.example", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
        Assert.Equal([target], result.Records);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Ttl);
    }

    [Fact]
    public void AskingForTheCname_AnswersTheCnameItself()
    {
        var alias = new DnsCnameRecord("www.example", s_minute, "host.example");

        DnsResult result = Interpret(new DnsResponseBuilder(1, "www.example", DnsRecordType.CNAME).Answer(alias), "www.example", DnsRecordType.CNAME);

        Assert.Equal([alias], result.Records);
    }

    [Fact]
    public void CnameLoop_IsAPermanentError()
    {
        DnsResponseBuilder response = new DnsResponseBuilder(1, "a.example", DnsRecordType.A).Answer(
            new DnsCnameRecord("a.example", s_minute, "b.example"),
            new DnsCnameRecord("b.example", s_minute, "a.example"));

        DnsResult result = Interpret(response, "a.example", DnsRecordType.A);

        Assert.Equal((DnsStatus.PermError, DnsError.CnameChainTooLong), (result.Status, result.Error));
    }

    [Fact]
    public void CnameChainOf16_IsFollowed_But17AreTooMany()
    {
        static DnsResponseBuilder Chain(int links) => new DnsResponseBuilder(1, "n0.example", DnsRecordType.A)
            .Answer([.. Enumerable.Range(0, links).Select(i => new DnsCnameRecord($"n{i}.example", s_minute, $"n{i + 1}.example"))])
            .Answer(new DnsAddressRecord($"n{links}.example", s_minute, IPAddress.Parse("192.0.2.1")));

        Assert.Equal(DnsStatus.Found, Interpret(Chain(16), "n0.example", DnsRecordType.A).Status);
        Assert.Equal(DnsStatus.PermError, Interpret(Chain(17), "n0.example", DnsRecordType.A).Status);
    }

    [Fact]
    public void NxDomain_IsNameNotFound_WithTheSoaDerivedTtl()
    {
        // RFC 2308 §5: min(SOA TTL 3600, MINIMUM 300).
        DnsResponseBuilder response = new DnsResponseBuilder(1, "nope.example", DnsRecordType.A).WithResponseCode(3)
            .Authority(new DnsSoaRecord("example", TimeSpan.FromSeconds(3600), TimeSpan.FromSeconds(300)));

        DnsResult result = Interpret(response, "nope.example", DnsRecordType.A);

        Assert.Equal((DnsStatus.NameNotFound, TimeSpan.FromSeconds(300)), (result.Status, result.Ttl));
    }

    [Fact]
    public void NoAnswer_IsNoData_WithTheSoaTtl_WhenItIsTheSmaller()
    {
        DnsResponseBuilder response = new DnsResponseBuilder(1, "a.example", DnsRecordType.AAAA)
            .Authority(new DnsSoaRecord("example", TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(86400)));

        DnsResult result = Interpret(response, "a.example", DnsRecordType.AAAA);

        Assert.Equal((DnsStatus.NoData, TimeSpan.FromSeconds(120)), (result.Status, result.Ttl));
    }

    [Fact]
    public void NegativeAnswersWithoutSoa_HaveNoTtl()
    {
        DnsResult nxdomain = Interpret(new DnsResponseBuilder(1, "a.example", DnsRecordType.A).WithResponseCode(3), "a.example", DnsRecordType.A);
        DnsResult nodata = Interpret(new DnsResponseBuilder(1, "a.example", DnsRecordType.A), "a.example", DnsRecordType.A);

        Assert.Equal((DnsStatus.NameNotFound, null), (nxdomain.Status, nxdomain.Ttl));
        Assert.Equal((DnsStatus.NoData, null), (nodata.Status, nodata.Ttl));
    }

    [Fact]
    public void NxDomainAtTheEndOfACnameChain_IsNameNotFound_NoLongerThanTheChain()
    {
        DnsResponseBuilder response = new DnsResponseBuilder(1, "www.example", DnsRecordType.A).WithResponseCode(3)
            .Answer(new DnsCnameRecord("www.example", TimeSpan.FromSeconds(10), "gone.example"))
            .Authority(new DnsSoaRecord("example", TimeSpan.FromSeconds(3600), TimeSpan.FromSeconds(300)));

        DnsResult result = Interpret(response, "www.example", DnsRecordType.A);

        Assert.Equal((DnsStatus.NameNotFound, TimeSpan.FromSeconds(10)), (result.Status, result.Ttl));
    }

    [Fact]
    public void RecordsOfAnotherType_AreNoData()
    {
        DnsResponseBuilder response = new DnsResponseBuilder(1, "a.example", DnsRecordType.AAAA)
            .Answer(new DnsAddressRecord("a.example", s_minute, IPAddress.Parse("192.0.2.1")));

        Assert.Equal(DnsStatus.NoData, Interpret(response, "a.example", DnsRecordType.AAAA).Status);
    }

    private static DnsResult Interpret(DnsResponseBuilder response, string name, DnsRecordType type)
    {
        Assert.Equal(DnsDecodeStatus.Complete, DnsMessageDecoder.Decode(response.Build(), out DnsMessage message));
        return DnsResponseInterpreter.Interpret(message, new DnsQuestion(name, type, DnsQuestion.InternetClass));
    }
}
