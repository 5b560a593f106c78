namespace SmtpShield.Verdicts;

/// <summary>Thresholds of the verdict ("Policy" section); the checks that feed it arrive with the Checks issue.</summary>
internal sealed class PolicyOptions
{
    /// <summary>Total score at or above which a client is rejected (postscreen_dnsbl_threshold, default 1).</summary>
    public double RejectThreshold { get; set; } = 1;

    /// <summary>What a check's temporary failure means: FailOpen lets the client through, so a DNS outage never stops mail.</summary>
    public DnsFailureAction OnDnsFailure { get; set; } = DnsFailureAction.FailOpen;
}

internal enum DnsFailureAction : byte
{
    FailOpen,
    TempFail,
}
