namespace SmtpShield.Verdicts;

/// <summary>How evidence becomes a verdict ("Policy" section).</summary>
internal sealed class PolicyOptions
{
    /// <summary>Networks always relayed without checks (CIDR or single addresses).</summary>
    public List<string> Allow { get; } = [];

    /// <summary>Networks always rejected at RCPT TO.</summary>
    public List<string> Deny { get; } = [];

    /// <summary>Total score (all checks, weights as configured) at or above which a client is rejected at RCPT TO.</summary>
    public double RejectThreshold { get; set; } = 3;

    /// <summary>Total score at or above which a client below the reject threshold is tarpitted; null disables.</summary>
    public double? TarpitThreshold { get; set; } = 2;

    /// <summary>What a check's temporary failure means: FailOpen lets the client through, so a DNS outage never stops mail.</summary>
    public DnsFailureAction OnDnsFailure { get; set; } = DnsFailureAction.FailOpen;

    /// <summary>How long a client that passed is remembered and spared the checks; zero disables the cache.</summary>
    public TimeSpan PassCacheTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Most clients remembered by the pass cache; the oldest go first.</summary>
    public int PassCacheSize { get; set; } = 100_000;

    /// <summary>How long RCPT TO waits for checks still running before deciding without them (as temporary failures).</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

internal enum DnsFailureAction : byte
{
    FailOpen,
    TempFail,
}
