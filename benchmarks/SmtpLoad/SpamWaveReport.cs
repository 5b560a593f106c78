using System.Globalization;
using System.Text.Json.Nodes;

namespace SmtpLoad;

/// <summary>The spamwave mode's result as text, JSON and a markdown row, with the targets marked.</summary>
internal static class SpamWaveReport
{
    public const string MarkdownHeader =
        "| listed conns | held | clean held (answering at the end) | at RCPT in s | RCPT replies | reply p50 / max s | closed by server | clean sessions | clean failed | clean p50 ms | clean p99 ms | clean max ms | clean p99 before ms | PSS before MiB | PSS held MiB | PSS per conn KiB | of which anon KiB | PSS per conn 2/3 into the hold KiB | PSS per conn at the end KiB | file-backed change MiB | server CPU s (open + hold) | server CPU % holding (clean alone) |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public static string Text(SpamWaveOptions options, SpamWaveResult r) => string.Create(CultureInfo.InvariantCulture,
        $"listed: {r.AtHeldSample.Held} of {options.Connections} held at RCPT after {r.OpenSeconds:F1} s; at the end {CodesText(r.AtEnd.ReplyCodes)} " +
        $"(reply p50 {r.AtEnd.ReplyP50Seconds:F1} s, p99 {r.AtEnd.ReplyP99Seconds:F1} s, max {r.AtEnd.ReplyMaxSeconds:F1} s), " +
        $"no reply in time {r.AtEnd[ListedClientState.ReplyTimedOut]}, still awaiting {r.AtEnd[ListedClientState.AwaitingReply]}, closed by server {r.AtEnd.Closed}, failed {r.AtEnd[ListedClientState.Failed]}{ErrorText(r.AtEnd.Errors)}\n" +
        $"clean held silent after EHLO: {r.HeldCleanOpened} of {options.HeldClean} opened, {r.HeldCleanAnswering} answering NOOP at the end{ErrorText(r.HeldCleanErrors)}\n" +
        $"clean during the wave ({options.CleanParallel} in parallel, {r.CleanDuring.WindowSeconds:F0} s): {r.CleanDuring.Completed} delivered, {r.CleanDuring.Failed} failed, " +
        $"p50 {r.CleanDuring.P50Ms:F1} ms, p99 {r.CleanDuring.P99Ms:F1} ms, max {r.CleanDuring.MaxMs:F1} ms (before the wave: p50 {r.CleanBefore.P50Ms:F1} ms, p99 {r.CleanBefore.P99Ms:F1} ms){ErrorText(r.CleanDuring.Errors)}\n" +
        $"server PSS baseline {Mib(r.Baseline.PssKiB)} MiB, held {Mib(r.Held.PssKiB)} MiB (peak {Mib(r.PeakPssKiB)}, end {Mib(r.End.PssKiB)}); per held connection {r.PssKiBPerConnection:F2} KiB " +
        $"(anonymous {r.PssAnonKiBPerConnection:F2} KiB; file-backed PSS moved {FileBackedText(r)} MiB; two thirds into the hold {r.SettledPssKiBPerConnection:F2} KiB; at the end {r.EndPssKiBPerConnection:F2} KiB)\n" +
        $"server CPU during the wave {r.ServerCpuSecondsDuringWave:F1} s over {r.WaveSeconds:F0} s (opening {r.ServerCpuSecondsOpening:F1} s; {r.ServerCpuPercentHolding:F0} % of a core while held, " +
        $"{Percent(r.CleanBefore.ServerCpuPercent)} % with the clean client alone); client CPU {r.ClientCpuSeconds:F1} s\n" +
        $"targets: clean p99 < 1 s {Verdict(r.CleanP99Met)}, ≤ 8 KiB PSS per connection {Verdict(r.PssMet)}, no refused clean session {Verdict(r.NoRefusedClean)}");

    public static string MarkdownRow(SpamWaveResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.AtHeldSample.Requested:N0} | {r.AtHeldSample.Held:N0} | {r.HeldCleanOpened:N0} ({r.HeldCleanAnswering:N0}) | {r.OpenSeconds:F1} | {CodesText(r.AtEnd.ReplyCodes)} " +
        $"| {r.AtEnd.ReplyP50Seconds:F1} / {r.AtEnd.ReplyMaxSeconds:F1} | {r.AtEnd.Closed:N0} | {r.CleanDuring.Completed:N0} | {r.CleanDuring.Failed} " +
        $"| {r.CleanDuring.P50Ms:F1} | {r.CleanDuring.P99Ms:F1} | {r.CleanDuring.MaxMs:F1} | {r.CleanBefore.P99Ms:F1} " +
        $"| {Mib(r.Baseline.PssKiB)} | {Mib(r.Held.PssKiB)} | {r.PssKiBPerConnection:F2} | {r.PssAnonKiBPerConnection:F2} | {r.SettledPssKiBPerConnection:F2} | {r.EndPssKiBPerConnection:F2} | {FileBackedText(r)} " +
        $"| {r.ServerCpuSecondsDuringWave:F1} ({r.ServerCpuSecondsOpening:F1} + {r.ServerCpuSecondsDuringWave - r.ServerCpuSecondsOpening:F1}) | {r.ServerCpuPercentHolding:F0} ({Percent(r.CleanBefore.ServerCpuPercent)}) |");

    public static JsonObject Json(SpamWaveOptions options, SpamWaveResult r) => new()
    {
        ["mode"] = "spamwave",
        ["server"] = options.Server.ToString(),
        ["listed_connections"] = options.Connections,
        ["open_parallel"] = options.OpenParallel,
        ["all_at_rcpt"] = r.AllAtRcpt,
        ["at_rcpt_s"] = Math.Round(r.OpenSeconds, 2),
        ["listed_at_held_sample"] = Counts(r.AtHeldSample),
        ["listed_at_end"] = Counts(r.AtEnd),
        ["clean_parallel"] = options.CleanParallel,
        ["clean_held"] = options.HeldClean,
        ["clean_held_opened"] = r.HeldCleanOpened,
        ["clean_held_answering_at_end"] = r.HeldCleanAnswering,
        ["clean_held_errors"] = new JsonObject(r.HeldCleanErrors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
        ["clean_message_octets"] = options.Message.Length,
        ["clean_pause_ms"] = options.CleanPause.TotalMilliseconds,
        ["clean_before"] = SessionReport.Json(options.CleanLoad(options.BaselineDuration, options.CleanPause), [r.CleanBefore]),
        ["clean_during"] = SessionReport.Json(options.CleanLoad(options.CleanDuration, options.CleanPause), [r.CleanDuring]),
        ["server_baseline"] = r.Baseline.ToJson(),
        ["server_held"] = r.Held.ToJson(),
        ["server_end"] = r.End.ToJson(),
        ["server_peak_pss_kib"] = r.PeakPssKiB,
        ["pss_kib_per_conn"] = Round(r.PssKiBPerConnection),
        ["pss_anon_kib_per_conn"] = Round(r.PssAnonKiBPerConnection),
        ["pss_kib_per_conn_at_end"] = Round(r.EndPssKiBPerConnection),
        ["pss_kib_per_conn_settled"] = Round(r.SettledPssKiBPerConnection),
        ["file_backed_pss_change_kib"] = r.FileBackedPssChangeKiB,
        ["wave_s"] = Math.Round(r.WaveSeconds, 1),
        ["hold_s"] = Math.Round(r.HoldSeconds, 1),
        ["server_cpu_s_during_wave"] = Math.Round(r.ServerCpuSecondsDuringWave, 2),
        ["server_cpu_s_opening"] = Math.Round(r.ServerCpuSecondsOpening, 2),
        ["server_cpu_pct_holding"] = Math.Round(r.ServerCpuPercentHolding, 1),
        ["client_cpu_s"] = Math.Round(r.ClientCpuSeconds, 2),
        ["target_clean_p99_met"] = r.CleanP99Met,
        ["target_pss_met"] = r.PssMet,
        ["target_no_refused_clean_met"] = r.NoRefusedClean,
    };

    private static JsonObject Counts(ListedWaveCounts c) => new()
    {
        ["held"] = c.Held,
        ["states"] = new JsonObject(c.States.Select(s => KeyValuePair.Create(s.Key.ToString(), (JsonNode?)s.Value))),
        ["rcpt_codes"] = new JsonObject(c.ReplyCodes.Select(s => KeyValuePair.Create(s.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)s.Value))),
        ["rejected_5xx"] = c.Rejected,
        ["closed_by_server"] = c.Closed,
        ["errors"] = new JsonObject(c.Errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
        ["reply_p50_s"] = Round(c.ReplyP50Seconds),
        ["reply_p99_s"] = Round(c.ReplyP99Seconds),
        ["reply_max_s"] = Round(c.ReplyMaxSeconds),
    };

    private static string Mib(long kib) => (kib / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string FileBackedText(SpamWaveResult r) =>
        (r.FileBackedPssChangeKiB / 1024.0).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);

    private static string Percent(double? value) => value is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "-";

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static double? Round(double value) => double.IsFinite(value) ? Math.Round(value, 2) : null;

    private static string CodesText(IReadOnlyDictionary<int, int> codes) =>
        codes.Count == 0 ? "-" : string.Join(", ", codes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} ×{c.Value:N0}")));

    private static string ErrorText(IReadOnlyDictionary<string, int> errors) =>
        errors.Count == 0 ? string.Empty
            : "\n    " + string.Join(", ", errors.OrderByDescending(e => e.Value).Take(5).Select(e => $"{e.Key} ×{e.Value}"));
}
