using System.Globalization;
using System.Text.Json.Nodes;

namespace SmtpLoad;

/// <summary>The idle mode's result as text, JSON and a markdown row.</summary>
internal static class IdleReport
{
    public const string MarkdownHeader =
        "| N | got banner | server PSS before MiB | PSS holding MiB | PSS per conn KiB | of which anon KiB | file-backed PSS change MiB | RSS per conn KiB | server CPU % while idle | new session while held | still held at end |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|";

    public static string Text(IdleHoldResult r) => string.Create(CultureInfo.InvariantCulture,
        $"held {r.Held} of {r.Requested} (opened in {r.OpenSeconds:F1} s{FailureText(r.OpenFailures)})\n" +
        $"server PSS before {r.Before.PssKiB / 1024.0:F1} MiB, holding {r.Holding.PssKiB / 1024.0:F1} MiB (peak {r.PeakPssKiB / 1024.0:F1}), " +
        $"after close {r.AfterClose.PssKiB / 1024.0:F1} MiB\n" +
        $"per connection: PSS {r.PssKiBPerConnection:F2} KiB (anonymous {r.PssAnonKiBPerConnection:F2} KiB; file-backed PSS moved {r.FileBackedPssChangeKiB / 1024.0:+0.0;-0.0;0.0} MiB), RSS {r.RssKiBPerConnection:F2} KiB; at the end of the hold PSS {r.EndPssKiBPerConnection:F2} KiB; " +
        $"server CPU while holding {r.ServerCpuPercentWhileHolding:F1} %\n" +
        $"new session while held: {(r.ProbeOk ? "ok" : "FAILED")} ({r.ProbeDetail}, {r.ProbeMs:F0} ms); still held at end: {r.AliveAtEnd}");

    public static string MarkdownRow(IdleHoldResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Requested:N0} | {r.Held:N0} | {r.Before.PssKiB / 1024.0:F1} | {r.Holding.PssKiB / 1024.0:F1} " +
        $"| {r.PssKiBPerConnection:F2} | {r.PssAnonKiBPerConnection:F2} | {r.FileBackedPssChangeKiB / 1024.0:+0.0;-0.0;0.0} | {r.RssKiBPerConnection:F2} | {r.ServerCpuPercentWhileHolding:F1} " +
        $"| {(r.ProbeOk ? "ok" : "FAILED")} ({r.ProbeMs:F0} ms) | {r.AliveAtEnd:N0} |");

    public static JsonObject Json(IdleHoldOptions options, IdleHoldResult r) => new()
    {
        ["mode"] = "idle",
        ["server"] = options.Server.ToString(),
        ["requested"] = r.Requested,
        ["held_with_banner"] = r.Held,
        ["open_s"] = Math.Round(r.OpenSeconds, 2),
        ["open_failures"] = new JsonObject(r.OpenFailures.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))),
        ["hold_s"] = options.Hold.TotalSeconds,
        ["server_before"] = r.Before.ToJson(),
        ["server_holding"] = r.Holding.ToJson(),
        ["server_after_close"] = r.AfterClose.ToJson(),
        ["server_peak_pss_kib"] = r.PeakPssKiB,
        ["pss_kib_per_conn"] = Math.Round(r.PssKiBPerConnection, 2),
        ["server_hold_end"] = r.HoldEnd.ToJson(),
        ["pss_kib_per_conn_at_end"] = Math.Round(r.EndPssKiBPerConnection, 2),
        ["pss_anon_kib_per_conn"] = Math.Round(r.PssAnonKiBPerConnection, 2),
        ["file_backed_pss_change_kib"] = r.FileBackedPssChangeKiB,
        ["rss_kib_per_conn"] = Math.Round(r.RssKiBPerConnection, 2),
        ["server_cpu_pct_while_holding"] = Math.Round(r.ServerCpuPercentWhileHolding, 2),
        ["probe_ok"] = r.ProbeOk,
        ["probe_detail"] = r.ProbeDetail,
        ["probe_ms"] = Math.Round(r.ProbeMs, 1),
        ["alive_at_end"] = r.AliveAtEnd,
    };

    private static string FailureText(IReadOnlyDictionary<string, int> failures) =>
        failures.Count == 0 ? string.Empty : "; failed: " + string.Join(", ", failures.Select(f => $"{f.Key} ×{f.Value}"));
}
