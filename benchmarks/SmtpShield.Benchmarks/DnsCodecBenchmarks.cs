using System.Net;
using BenchmarkDotNet.Attributes;
using SmtpShield.Dns;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Benchmarks;

/// <summary>
/// The DNS wire codec on an uncached DNSBL lookup: <see cref="DnsQueryEncoder.TryEncode"/> writing the A
/// question for 127.0.0.2 under bl.bench.test into a reused buffer, and <see cref="DnsMessageDecoder.Decode"/>
/// reading the three answers a DNSBL gives: listed (A 127.0.0.2), not listed (NXDOMAIN with the zone's SOA
/// in the authority section, for negative caching, RFC 2308 §5), and the listing reason (TXT). The answers
/// are what a recursive resolver returns to the daemon's EDNS0 query: question echoed, names compressed,
/// an OPT record in the additional section. RFC 5782 §5: 127.0.0.2 is listed and 127.0.0.1 is not.
/// </summary>
[MemoryDiagnoser]
public class DnsCodecBenchmarks
{
    private const string ListedName = "2.0.0.127.bl.bench.test";
    private const string CleanName = "1.0.0.127.bl.bench.test";
    private const string Zone = "bl.bench.test";
    private const string Reason = "Listed by bl.bench.test: see https://bl.bench.test/127.0.0.2";
    private const ushort Id = 0x5d2a;
    private const uint AnswerTtl = 2100;
    private const uint SoaTtl = 3600;
    private const uint SoaMinimum = 300;

    // Header 12 + name 25 (7 labels of 1, 1, 1, 3, 2, 5, 4 octets, their length octets, the root) + type and
    // class 4 + OPT 11.
    private const int ExpectedQueryLength = 52;

    private static readonly IPAddress s_listedAddress = IPAddress.Parse("127.0.0.2");

    private byte[] _query = null!;
    private byte[] _listed = null!;
    private byte[] _notListed = null!;
    private byte[] _reason = null!;

    [GlobalSetup]
    public void Setup()
    {
        _query = new byte[DnsQueryEncoder.MaxQueryLength];
        _listed = new DnsResponseBuilder(Id, DnsResponseBuilder.ResponseFlags, answers: 1, authority: 0, additional: 1)
            .Question(ListedName, DnsRecordType.A)
            .A(ListedName, AnswerTtl, s_listedAddress)
            .Opt(DnsLimits.UdpPayloadSize)
            .ToArray();
        _notListed = new DnsResponseBuilder(Id, DnsResponseBuilder.NameErrorFlags, answers: 0, authority: 1, additional: 1)
            .Question(CleanName, DnsRecordType.A)
            .Soa(Zone, SoaTtl, "ns." + Zone, "hostmaster." + Zone, serial: 2026120301, SoaMinimum)
            .Opt(DnsLimits.UdpPayloadSize)
            .ToArray();
        _reason = new DnsResponseBuilder(Id, DnsResponseBuilder.ResponseFlags, answers: 1, authority: 0, additional: 1)
            .Question(ListedName, DnsRecordType.TXT)
            .Txt(ListedName, AnswerTtl, Reason)
            .Opt(DnsLimits.UdpPayloadSize)
            .ToArray();

        // Measure the success path only: a wrong octet in the setup must fail here, not go unnoticed.
        if (Encode() != ExpectedQueryLength)
        {
            throw new InvalidOperationException($"The query for {ListedName} must encode to {ExpectedQueryLength} octets.");
        }

        DnsMessage listed = Expect(_listed, ListedName, DnsRecordType.A, DnsResponseCode.NoError, DnsStatus.Found);
        Require(listed.Answers is [DnsAddressRecord { Name: ListedName } a] && a.Address.Equals(s_listedAddress), listed);

        DnsMessage notListed = Expect(_notListed, CleanName, DnsRecordType.A, DnsResponseCode.NameError, DnsStatus.NameNotFound);
        Require(notListed.Authority is [DnsSoaRecord { Name: Zone } soa] && soa.NegativeTtl == TimeSpan.FromSeconds(SoaMinimum), notListed);

        DnsMessage reason = Expect(_reason, ListedName, DnsRecordType.TXT, DnsResponseCode.NoError, DnsStatus.Found);
        Require(reason.Answers is [DnsTxtRecord { Name: ListedName, Text: Reason }], reason);
    }

    [Benchmark(Description = "encode A query, 2.0.0.127.bl.bench.test")]
    public int EncodeQuery() => Encode();

    // The decoded DnsMessage is returned as object: it is internal, and a benchmark method must be public.
    [Benchmark(Description = "decode A answer, listed (127.0.0.2)")]
    public object DecodeListed() => Decode(_listed);

    [Benchmark(Description = "decode NXDOMAIN with SOA (not listed)")]
    public object DecodeNotListed() => Decode(_notListed);

    [Benchmark(Description = "decode TXT answer (listing reason)")]
    public object DecodeReason() => Decode(_reason);

    private int Encode()
    {
        DnsNameError error = DnsQueryEncoder.TryEncode(Id, ListedName, DnsRecordType.A, _query, out int written);
        return error == DnsNameError.None ? written : throw new InvalidOperationException($"{ListedName}: {error}.");
    }

    private static DnsMessage Decode(byte[] response)
    {
        DnsMessageDecoder.Decode(response, out DnsMessage message);
        return message;
    }

    // The whole way the resolver takes a response: decoded completely, the question echoed, the RCODE, and
    // the status DnsResponseInterpreter gives it.
    private static DnsMessage Expect(byte[] response, string name, DnsRecordType type, DnsResponseCode code, DnsStatus status)
    {
        var question = new DnsQuestion(name, type, DnsQuestion.InternetClass);
        DnsDecodeStatus decoded = DnsMessageDecoder.Decode(response, out DnsMessage message);
        Require(decoded == DnsDecodeStatus.Complete, message, $"decoded as {decoded}");
        Require(message.Question is DnsQuestion echoed && echoed.Matches(question), message, "the question is not echoed");
        Require(message.Header.IsResponse && message.Header.ResponseCode == code, message, $"RCODE {message.Header.ResponseCode}");
        DnsResult result = DnsResponseInterpreter.Interpret(message, question);
        Require(result.Status == status, message, $"interpreted as {result}");
        return message;
    }

    private static void Require(bool condition, DnsMessage message, string what = "unexpected records")
    {
        if (!condition)
        {
            throw new InvalidOperationException(
                $"{message.Question?.Name} {message.Question?.Type}: {what} (answers [{string.Join(", ", message.Answers)}], " +
                $"authority [{string.Join(", ", message.Authority)}]).");
        }
    }
}
