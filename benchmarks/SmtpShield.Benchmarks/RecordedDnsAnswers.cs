using System.Net;
using SmtpShield.Dns;

namespace SmtpShield.Benchmarks;

/// <summary>
/// A fake upstream for <see cref="CachingDnsResolver"/>: fixed answers by question, an hour's TTL so a
/// benchmark never outlives its cache entries, and a count of the questions that reached it, so a benchmark
/// can prove it measured cache hits only.
/// </summary>
internal sealed class RecordedDnsAnswers : IDnsResolver
{
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    private readonly Dictionary<(string Name, DnsRecordType Type), DnsResult> _answers = [];
    private int _asked;

    public int Asked => Volatile.Read(ref _asked);

    /// <summary>The name is listed: A 127.0.0.2 and a TXT reason, as rbldnsd answers for an ip4set entry.</summary>
    public void Listed(string name, string reason)
    {
        _answers[(name, DnsRecordType.A)] = DnsResult.Found([new DnsAddressRecord(name, Ttl, IPAddress.Parse("127.0.0.2"))], Ttl);
        _answers[(name, DnsRecordType.TXT)] = DnsResult.Found([new DnsTxtRecord(name, Ttl, [reason])], Ttl);
    }

    public ValueTask<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _asked);
        // Anything not listed: NXDOMAIN with an SOA-derived TTL, cached for the hour too (RFC 2308 §5).
        return ValueTask.FromResult(_answers.GetValueOrDefault((name, type)) ?? DnsResult.NameNotFound(Ttl));
    }
}
