using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SmtpShield.Checks;
using SmtpShield.Checks.Dnsbl;
using SmtpShield.Dns;

namespace SmtpShield.Benchmarks;

/// <summary>
/// <see cref="DnsblCheck.RunAsync"/> for a client whose answers are all cached (a client seen within the
/// TTL): the whole check as a session starts it at accept, minus the socket. One zone as in the reject
/// workload ("bl.bench.test*3": a listed client costs A and TXT, a clean one A only), and a blocklist plus an
/// allowlist ("wl.bench.test=127.0.[0..255].[1..3]*-2"), a zen + dnswl style setup.
/// </summary>
[MemoryDiagnoser]
public class DnsblCheckBenchmarks
{
    private const string Blocklist = "bl.bench.test";
    private const string Allowlist = "wl.bench.test";
    private static readonly IPAddress s_listed = IPAddress.Parse("127.1.0.7");
    private static readonly IPAddress s_clean = IPAddress.Parse("127.2.0.7");
    private static readonly IPEndPoint s_local = new(IPAddress.Loopback, 25);

    private readonly RecordedDnsAnswers _upstream = new();
    private DnsblCheck _oneZone = null!;
    private DnsblCheck _twoZones = null!;
    private CheckSubject _listed = null!;
    private CheckSubject _clean = null!;
    private int _askedAfterSetup;

    [GlobalSetup]
    public void Setup()
    {
        var resolver = new CachingDnsResolver(_upstream, new DnsResolverOptions());
        _upstream.Listed(ReverseName.For(s_listed, Blocklist), "Listed by bl.bench.test: see https://bl.bench.test/127.1.0.7");
        _oneZone = Create(resolver, $"{Blocklist}*3");
        _twoZones = Create(resolver, $"{Blocklist}*3", $"{Allowlist}=127.0.[0..255].[1..3]*-2");
        _listed = new CheckSubject(s_listed, s_local);
        _clean = new CheckSubject(s_clean, s_local);

        // Warm the cache, and check the outcomes the benchmarks claim.
        Expect(Run(_oneZone, _listed), CheckOutcome.Fail);
        Expect(Run(_oneZone, _clean), CheckOutcome.Pass);
        Expect(Run(_twoZones, _listed), CheckOutcome.Fail);
        _askedAfterSetup = _upstream.Asked;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_upstream.Asked != _askedAfterSetup)
        {
            throw new InvalidOperationException($"{_upstream.Asked - _askedAfterSetup} measured lookups missed the cache.");
        }
    }

    [Benchmark(Baseline = true, Description = "1 zone, listed client (cached A + TXT)")]
    public double ListedOneZone() => Run(_oneZone, _listed).Score;

    [Benchmark(Description = "1 zone, clean client (cached NXDOMAIN)")]
    public double CleanOneZone() => Run(_oneZone, _clean).Score;

    [Benchmark(Description = "blocklist + allowlist, listed client")]
    public double ListedTwoZones() => Run(_twoZones, _listed).Score;

    // The score stands for the result (CheckResult is internal). Every lookup is a cache hit, so the check completes synchronously.
    private static CheckResult Run(DnsblCheck check, CheckSubject subject)
    {
        ValueTask<CheckResult> pending = check.RunAsync(subject, CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("The check did not complete synchronously from the cache.");
    }

    private static DnsblCheck Create(IDnsResolver resolver, params string[] zones)
    {
        var options = new DnsblOptions();
        options.Zones.AddRange(zones);
        IOptions<DnsblOptions> wrapped = Options.Create(options);
        return new DnsblCheck(new DnsblZones(wrapped), resolver, wrapped);
    }

    private static void Expect(CheckResult result, CheckOutcome outcome)
    {
        if (result.Outcome != outcome)
        {
            throw new InvalidOperationException($"Expected {outcome}, got {result}.");
        }
    }
}
