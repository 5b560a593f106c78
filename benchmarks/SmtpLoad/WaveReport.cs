using System.Globalization;
using System.Text.Json.Nodes;

namespace SmtpLoad;

/// <summary>The wave mode's result as text and JSON.</summary>
internal static class WaveReport
{
    public static string Text(WaveOptions options, WaveResult r) => string.Create(CultureInfo.InvariantCulture,
        $"wave from {options.Source}: connected {r.Connected} of {r.Requested} in {r.ConnectSeconds:F2} s; " +
        $"completed {r.Completed}, failed {r.Failed}; RCPT replies {CodesText(r.RcptCodes)}; " +
        $"after all connected: p50 {r.P50Ms:F0} ms, p99 {r.P99Ms:F0} ms, max {r.MaxMs:F0} ms; total {r.TotalSeconds:F2} s{ErrorText(r.Errors)}");

    public static JsonObject Json(WaveOptions options, WaveResult r) => new()
    {
        ["mode"] = "wave",
        ["server"] = options.Server.ToString(),
        ["source"] = options.Source.ToString(),
        ["sessions"] = r.Requested,
        ["connected"] = r.Connected,
        ["connect_s"] = Math.Round(r.ConnectSeconds, 3),
        ["completed"] = r.Completed,
        ["failed"] = r.Failed,
        ["rcpt_codes"] = new JsonObject(r.RcptCodes.Select(c => KeyValuePair.Create(c.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)c.Value))),
        ["errors"] = new JsonObject(r.Errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
        ["p50_ms"] = double.IsFinite(r.P50Ms) ? Math.Round(r.P50Ms, 1) : null,
        ["p99_ms"] = double.IsFinite(r.P99Ms) ? Math.Round(r.P99Ms, 1) : null,
        ["max_ms"] = double.IsFinite(r.MaxMs) ? Math.Round(r.MaxMs, 1) : null,
        ["total_s"] = Math.Round(r.TotalSeconds, 3),
    };

    private static string ErrorText(IReadOnlyDictionary<string, int> errors) =>
        errors.Count == 0 ? string.Empty
            : "\n    errors: " + string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} ×{e.Value}"));

    private static string CodesText(IReadOnlyDictionary<int, int> codes) =>
        codes.Count == 0 ? "-" : string.Join(", ", codes.Select(c => $"{c.Key} ×{c.Value}"));
}
