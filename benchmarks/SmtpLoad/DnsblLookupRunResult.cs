namespace SmtpLoad;

/// <summary>
/// One run of the dnsbl mode: every address asked once. Latency (the resolver's QueryAsync, reverse name
/// included) is over the questions that got an answer (found, NXDOMAIN, NODATA); errors and timeouts are
/// counted by kind. CPU is the DNS server's (<c>--server-pid</c>) and this client's over the run.
/// </summary>
internal sealed record DnsblLookupRunResult(
    double Seconds,
    int Queries,
    IReadOnlyDictionary<string, int> Outcomes,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double? ServerCpuSeconds,
    double ClientCpuSeconds)
{
    public const string Found = "found";
    public const string NameNotFound = "nxdomain";
    public const string NoData = "nodata";
    public const string Timeout = "timeout";

    public double QueriesPerSecond => Queries / Seconds;

    public int Listed => Outcomes.GetValueOrDefault(Found);

    public int Answered => Listed + Outcomes.GetValueOrDefault(NameNotFound) + Outcomes.GetValueOrDefault(NoData);

    /// <summary>Questions without an answer: timeouts, network errors, malformed or refused responses.</summary>
    public int Errors => Queries - Answered;

    public int Timeouts => Outcomes.GetValueOrDefault(Timeout);

    public double? ServerCpuMsPerQuery => Queries == 0 ? null : ServerCpuSeconds * 1000 / Queries;

    public double ClientCpuMsPerQuery => Queries == 0 ? double.NaN : ClientCpuSeconds * 1000 / Queries;
}
