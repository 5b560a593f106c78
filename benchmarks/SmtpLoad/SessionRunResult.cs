namespace SmtpLoad;

/// <summary>
/// One measured window of the sessions mode. Only sessions that end inside the window count; latency is
/// connect to the 221 reply. CPU is the server's (and this client's) over the same window.
/// </summary>
internal sealed record SessionRunResult(
    double WindowSeconds,
    int Completed,
    int Failed,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyDictionary<int, int> RcptCodes,
    IReadOnlyDictionary<string, int> Errors,
    double? ServerCpuSeconds,
    double ClientCpuSeconds)
{
    public double SessionsPerSecond => Completed / WindowSeconds;

    /// <summary>Server CPU as a share of one core (100 = one core busy).</summary>
    public double? ServerCpuPercent => ServerCpuSeconds * 100 / WindowSeconds;

    public double? ServerCpuMsPerSession => Completed == 0 ? null : ServerCpuSeconds * 1000 / Completed;

    public double ClientCpuPercent => ClientCpuSeconds * 100 / WindowSeconds;
}
