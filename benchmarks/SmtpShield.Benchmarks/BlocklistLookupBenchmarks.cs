using System.Net;
using BenchmarkDotNet.Attributes;
using SmtpShield.Blocklist;

namespace SmtpShield.Benchmarks;

/// <summary>
/// The blocklist question every accepted connection asks (Blocklist issue: userspace lookup cost per
/// accept): <see cref="BlocklistIndex.TryFind"/> over 100,000 blocked IPv4 addresses and 20,000 IPv6 /64s,
/// alone ("hosts only") and with 1,000 IPv4 prefixes of three lengths and 100 IPv6 /48s besides, so a
/// miss probes every prefix length in use.
/// </summary>
[MemoryDiagnoser]
public class BlocklistLookupBenchmarks
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.UtcNow;
    private static readonly IPAddress s_listedV4 = IPAddress.Parse("10.0.100.7");
    private static readonly IPAddress s_cleanV4 = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress s_listedV6 = IPAddress.Parse("2001:db8:0:1234::99");
    private static readonly IPAddress s_cleanV6 = IPAddress.Parse("2001:db9::1");

    private BlocklistIndex _index = null!;

    [Params(false, true)]
    public bool WithPrefixes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = new BlocklistIndex();
        for (int i = 0; i < 100_000; i++)
        {
            Add(NetworkKey.ForAddress(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i])));
        }

        for (int i = 0; i < 20_000; i++)
        {
            Add(NetworkKey.ForAddress(IPAddress.Parse($"2001:db8:0:{i:x}::1"), 64));
        }

        if (WithPrefixes)
        {
            for (int i = 0; i < 1_000; i++)
            {
                int length = (i % 3) switch { 0 => 24, 1 => 20, _ => 16 };
                Add(NetworkKey.ForAddress(new IPAddress([(byte)(100 + (i % 50)), (byte)(i / 50), 0, 0])).Truncate(length));
            }

            for (int i = 0; i < 100; i++)
            {
                Add(NetworkKey.ForAddress(IPAddress.Parse($"2001:db8:{i + 1:x}::"), 48));
            }
        }

        Expect(Listed(s_listedV4) && !Listed(s_cleanV4) && Listed(s_listedV6) && !Listed(s_cleanV6));
    }

    [Benchmark(Description = "IPv4, listed")]
    public bool ListedV4() => Listed(s_listedV4);

    [Benchmark(Description = "IPv4, not listed")]
    public bool CleanV4() => Listed(s_cleanV4);

    [Benchmark(Description = "IPv6, listed /64")]
    public bool ListedV6() => Listed(s_listedV6);

    [Benchmark(Description = "IPv6, not listed")]
    public bool CleanV6() => Listed(s_cleanV6);

    private bool Listed(IPAddress client) => _index.TryFind(client, s_now, out _);

    private void Add(NetworkKey key) => _index.Set(new BlocklistEntry(key, "bench", BlockSource.Reject, s_now, s_now.AddDays(1), 1));

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("the index does not answer as set up");
        }
    }
}
