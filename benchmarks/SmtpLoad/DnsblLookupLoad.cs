using System.Diagnostics;
using System.Net;
using SmtpShield.Dns;

namespace SmtpLoad;

/// <summary>
/// The dnsbl mode: the DNSBL check's lookups without the SMTP around them. Workers take the next address,
/// build its name under the zone (<see cref="ReverseName"/>, as DnsblCheck does) and ask SmtpShield's
/// <see cref="DnsStubResolver"/> (optionally behind a <see cref="CachingDnsResolver"/> that only misses)
/// for its A records: one UDP socket per question, as the daemon does.
/// </summary>
internal static class DnsblLookupLoad
{
    public static async Task<DnsblLookupRunResult> RunOnceAsync(DnsblLookupOptions options, bool warmup, CancellationToken cancellationToken)
    {
        IDnsResolver resolver = CreateResolver(options);
        SourceAddressPool addresses = SourceAddressPool.Parse(warmup ? options.WarmupRange : options.Range);
        int count = warmup ? options.WarmupQueries : options.Addresses;
        if (addresses.Count < count)
        {
            throw new ArgumentException($"{(warmup ? "--warmup-range" : "--range")} holds {addresses.Count} addresses, fewer than {count}");
        }

        var tallies = new WorkerTally[Math.Min(options.Concurrency, count)];
        for (int i = 0; i < tallies.Length; i++)
        {
            tallies[i] = new WorkerTally(count / tallies.Length + 1);
        }

        int remaining = count;
        ProcessSample? serverBefore = options.ServerPid is { } pid ? ProcessSample.Read(pid) : null;
        ProcessSample clientBefore = ProcessSample.Read(Environment.ProcessId);
        long started = Stopwatch.GetTimestamp();
        await Task.WhenAll(tallies.Select(tally => Task.Run(async () =>
        {
            // Addresses.Next() hands each address out once, in order: "remaining" only bounds how many.
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await AskAsync(resolver, addresses.Next(), options.Zone, tally, cancellationToken);
            }
        }, cancellationToken)));
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        ProcessSample? serverAfter = options.ServerPid is { } pid2 ? ProcessSample.Read(pid2) : null;
        ProcessSample clientAfter = ProcessSample.Read(Environment.ProcessId);

        List<double> latencies = [.. tallies.SelectMany(t => t.LatenciesMs)];
        latencies.Sort();
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach ((string outcome, int n) in tallies.SelectMany(t => t.Outcomes))
        {
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + n;
        }

        return new DnsblLookupRunResult(
            seconds,
            count,
            outcomes,
            Percentiles.Of(latencies, 50),
            Percentiles.Of(latencies, 99),
            latencies.Count == 0 ? double.NaN : latencies[^1],
            serverAfter?.CpuSeconds - serverBefore?.CpuSeconds,
            clientAfter.CpuSeconds - clientBefore.CpuSeconds);
    }

    private static IDnsResolver CreateResolver(DnsblLookupOptions options)
    {
        var settings = new DnsResolverOptions { Timeout = options.Timeout, Attempts = options.Attempts };
        settings.Servers.Add(options.Server.ToString());
        var stub = new DnsStubResolver(settings);
        return options.ThroughCache ? new CachingDnsResolver(stub, settings) : stub;
    }

    private static async Task AskAsync(IDnsResolver resolver, IPAddress address, string zone, WorkerTally tally, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        string name = ReverseName.For(address, zone);
        DnsResult result = await resolver.QueryAsync(name, DnsRecordType.A, cancellationToken);
        double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        string outcome = result.Status switch
        {
            DnsStatus.Found => DnsblLookupRunResult.Found,
            DnsStatus.NameNotFound => DnsblLookupRunResult.NameNotFound,
            DnsStatus.NoData => DnsblLookupRunResult.NoData,
            DnsStatus.TempError when result.Error == DnsError.Timeout => DnsblLookupRunResult.Timeout,
            _ => $"{result.Status}: {result.Error}",
        };
        tally.Record(outcome, result.Status is DnsStatus.Found or DnsStatus.NameNotFound or DnsStatus.NoData ? milliseconds : null);
    }

    /// <summary>One worker's counts; only that worker writes it, so no locking.</summary>
    private sealed class WorkerTally(int capacity)
    {
        public List<double> LatenciesMs { get; } = new(capacity);

        public Dictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

        public void Record(string outcome, double? answeredMs)
        {
            Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;
            if (answeredMs is { } ms)
            {
                LatenciesMs.Add(ms);
            }
        }
    }
}
