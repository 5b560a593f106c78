using System.Globalization;
using System.Text.Json.Nodes;

namespace SmtpLoad;

/// <summary>The dnsbl mode's runs summarised as medians (min..max for queries/s), as text, JSON and a markdown row.</summary>
internal static class DnsblLookupReport
{
    public const string MarkdownHeader =
        "| concurrency | resolver | addresses | queries/s median (min..max) | p50 ms | p99 ms | max ms | listed | errors (timeouts), all runs | DNS server CPU µs/query | client CPU µs/query |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|";

    public static string Line(DnsblLookupRunResult run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.QueriesPerSecond,8:F0} queries/s  p50 {run.P50Ms:F2} ms  p99 {run.P99Ms:F2} ms  max {run.MaxMs:F1} ms  " +
        $"listed {run.Listed} of {run.Queries}  errors {run.Errors} (timeouts {run.Timeouts})  " +
        $"server CPU {Format(run.ServerCpuMsPerQuery * 1000, "F1")} µs/query  client CPU {run.ClientCpuMsPerQuery * 1000:F1} µs/query{OutcomeText(run)}");

    public static string MarkdownRow(DnsblLookupOptions options, IReadOnlyList<DnsblLookupRunResult> runs) => string.Create(CultureInfo.InvariantCulture,
        $"| {options.Concurrency} | {ResolverName(options)} | {options.Addresses:N0} " +
        $"| {Median(runs, r => r.QueriesPerSecond):F0} ({runs.Min(r => r.QueriesPerSecond):F0}..{runs.Max(r => r.QueriesPerSecond):F0}) " +
        $"| {Median(runs, r => r.P50Ms):F2} | {Median(runs, r => r.P99Ms):F2} | {runs.Max(r => r.MaxMs):F1} " +
        $"| {string.Join("/", runs.Select(r => r.Listed).Distinct())} | {runs.Sum(r => r.Errors)} ({runs.Sum(r => r.Timeouts)}) " +
        $"| {Format(MedianOrNull(runs, r => r.ServerCpuMsPerQuery * 1000), "F1")} | {Median(runs, r => r.ClientCpuMsPerQuery * 1000):F1} |");

    public static JsonObject Json(DnsblLookupOptions options, IReadOnlyList<DnsblLookupRunResult> runs)
    {
        var array = new JsonArray();
        foreach (DnsblLookupRunResult run in runs)
        {
            array.Add(new JsonObject
            {
                ["seconds"] = Math.Round(run.Seconds, 3),
                ["queries"] = run.Queries,
                ["queries_per_s"] = Math.Round(run.QueriesPerSecond, 1),
                ["p50_ms"] = Round(run.P50Ms, 3),
                ["p99_ms"] = Round(run.P99Ms, 3),
                ["max_ms"] = Round(run.MaxMs, 3),
                ["outcomes"] = new JsonObject(run.Outcomes.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
                ["errors"] = run.Errors,
                ["timeouts"] = run.Timeouts,
                ["server_cpu_us_per_query"] = Round(run.ServerCpuMsPerQuery * 1000, 2),
                ["client_cpu_us_per_query"] = Round(run.ClientCpuMsPerQuery * 1000, 2),
            });
        }

        return new JsonObject
        {
            ["mode"] = "dnsbl",
            ["server"] = options.Server.ToString(),
            ["zone"] = options.Zone,
            ["range"] = options.Range,
            ["addresses"] = options.Addresses,
            ["concurrency"] = options.Concurrency,
            ["resolver"] = ResolverName(options),
            ["timeout_s"] = options.Timeout.TotalSeconds,
            ["attempts"] = options.Attempts,
            ["queries_per_s_median"] = Round(Median(runs, r => r.QueriesPerSecond), 1),
            ["p50_ms_median"] = Round(Median(runs, r => r.P50Ms), 3),
            ["p99_ms_median"] = Round(Median(runs, r => r.P99Ms), 3),
            ["runs"] = array,
        };
    }

    private static string ResolverName(DnsblLookupOptions options) => options.ThroughCache ? "cache (misses) + stub" : "stub";

    private static double Median(IReadOnlyList<DnsblLookupRunResult> runs, Func<DnsblLookupRunResult, double> value) =>
        Percentiles.Median(runs.Select(value));

    private static double? MedianOrNull(IReadOnlyList<DnsblLookupRunResult> runs, Func<DnsblLookupRunResult, double?> value) =>
        runs.Any(r => value(r) is null) ? null : Percentiles.Median(runs.Select(r => value(r)!.Value));

    private static string OutcomeText(DnsblLookupRunResult run)
    {
        string[] others = [.. run.Outcomes
            .Where(o => o.Key is not (DnsblLookupRunResult.Found or DnsblLookupRunResult.NameNotFound))
            .Select(o => $"{o.Key} ×{o.Value}")];
        return others.Length == 0 ? string.Empty : "\n    " + string.Join(", ", others);
    }

    private static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static double? Round(double? value, int digits) =>
        value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : null;
}
