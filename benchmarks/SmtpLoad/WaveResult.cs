namespace SmtpLoad;

/// <summary>
/// The wave mode's findings: how long connecting every session took (the window in which their checks
/// started), how many completed the dialogue, their RCPT replies, and latency from the moment all were
/// connected to each session's 221.
/// </summary>
internal sealed record WaveResult(
    int Requested,
    int Connected,
    double ConnectSeconds,
    int Completed,
    IReadOnlyDictionary<int, int> RcptCodes,
    IReadOnlyDictionary<string, int> Errors,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double TotalSeconds)
{
    public int Failed => Requested - Completed;
}
