using System.Globalization;
using System.Text.Json.Nodes;

namespace SmtpLoad;

/// <summary>The sessions mode's runs summarised as medians (min..max for sessions/s), as text, JSON and a markdown row.</summary>
internal static class SessionReport
{
    public const string MarkdownHeader =
        "| concurrency | sessions/s median (min..max) | p50 ms | p99 ms | failed | RCPT replies | server CPU % | server CPU ms/session | client CPU % |\n" +
        "|---|---|---|---|---|---|---|---|---|";

    public static string Line(SessionRunResult run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.SessionsPerSecond,8:F0} sessions/s  p50 {run.P50Ms:F1} ms  p99 {run.P99Ms:F1} ms  max {run.MaxMs:F1} ms  " +
        $"failed {run.Failed}  server CPU {Format(run.ServerCpuPercent, "F0")} % ({Format(run.ServerCpuMsPerSession, "F3")} ms/session)  " +
        $"client CPU {run.ClientCpuPercent:F0} %{ErrorText(run.Errors)}");

    public static string MarkdownRow(SessionLoadOptions options, IReadOnlyList<SessionRunResult> runs) => string.Create(CultureInfo.InvariantCulture,
        $"| {options.Concurrency} | {Median(runs, r => r.SessionsPerSecond):F0} ({runs.Min(r => r.SessionsPerSecond):F0}..{runs.Max(r => r.SessionsPerSecond):F0}) " +
        $"| {Median(runs, r => r.P50Ms):F1} | {Median(runs, r => r.P99Ms):F1} | {runs.Sum(r => r.Failed)} | {CodesText(runs)} " +
        $"| {Format(Median(runs, r => r.ServerCpuPercent), "F0")} | {Format(Median(runs, r => r.ServerCpuMsPerSession), "F3")} " +
        $"| {Median(runs, r => r.ClientCpuPercent):F0} |");

    public static JsonObject Json(SessionLoadOptions options, IReadOnlyList<SessionRunResult> runs)
    {
        var array = new JsonArray();
        foreach (SessionRunResult run in runs)
        {
            array.Add(new JsonObject
            {
                ["window_s"] = Math.Round(run.WindowSeconds, 3),
                ["sessions_ok"] = run.Completed,
                ["sessions_failed"] = run.Failed,
                ["sessions_per_s"] = Math.Round(run.SessionsPerSecond, 1),
                ["p50_ms"] = Round(run.P50Ms, 2),
                ["p99_ms"] = Round(run.P99Ms, 2),
                ["max_ms"] = Round(run.MaxMs, 2),
                ["rcpt_codes"] = new JsonObject(run.RcptCodes.Select(c => KeyValuePair.Create(c.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)c.Value))),
                ["errors"] = new JsonObject(run.Errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
                ["server_cpu_pct"] = Round(run.ServerCpuPercent, 1),
                ["server_cpu_ms_per_session"] = Round(run.ServerCpuMsPerSession, 4),
                ["client_cpu_pct"] = Round(run.ClientCpuPercent, 1),
            });
        }

        return new JsonObject
        {
            ["mode"] = "sessions",
            ["server"] = options.Server.ToString(),
            ["concurrency"] = options.Concurrency,
            ["warmup_s"] = options.Warmup.TotalSeconds,
            ["duration_s"] = options.Duration.TotalSeconds,
            ["sessions_per_s_median"] = Round(Median(runs, r => r.SessionsPerSecond), 1),
            ["p50_ms_median"] = Round(Median(runs, r => r.P50Ms), 2),
            ["p99_ms_median"] = Round(Median(runs, r => r.P99Ms), 2),
            ["server_cpu_ms_per_session_median"] = Round(Median(runs, r => r.ServerCpuMsPerSession), 4),
            ["runs"] = array,
        };
    }

    private static double Median(IReadOnlyList<SessionRunResult> runs, Func<SessionRunResult, double> value) =>
        Percentiles.Median(runs.Select(value));

    private static double? Median(IReadOnlyList<SessionRunResult> runs, Func<SessionRunResult, double?> value) =>
        runs.Any(r => value(r) is null) ? null : Percentiles.Median(runs.Select(r => value(r)!.Value));

    private static string CodesText(IReadOnlyList<SessionRunResult> runs)
    {
        var codes = new SortedDictionary<int, int>();
        foreach ((int code, int count) in runs.SelectMany(r => r.RcptCodes))
        {
            codes[code] = codes.GetValueOrDefault(code) + count;
        }

        return codes.Count == 0 ? "-" : string.Join(", ", codes.Keys.Select(c => c.ToString(CultureInfo.InvariantCulture)));
    }

    private static string ErrorText(IReadOnlyDictionary<string, int> errors) =>
        errors.Count == 0 ? string.Empty
            : "\n    errors: " + string.Join(", ", errors.OrderByDescending(e => e.Value).Take(5).Select(e => $"{e.Key} ×{e.Value}"));

    private static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static double? Round(double? value, int digits) =>
        value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : null;
}
