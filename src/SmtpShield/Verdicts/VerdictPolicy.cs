using SmtpShield.Checks;

namespace SmtpShield.Verdicts;

/// <summary>
/// Turns evidence into a verdict. Pure: no I/O, no clock, tested with tables (shared/STYLE.md habit 8).
/// With no checks configured the evidence is empty and every client is relayed.
/// </summary>
internal static class VerdictPolicy
{
    public static Verdict Decide(IReadOnlyList<CheckResult> evidence, PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(options);
        double score = 0;
        CheckResult? strongest = null;
        CheckResult? temporaryFailure = null;
        foreach (CheckResult result in evidence)
        {
            score += result.Score;
            if (result.IsTemporaryFailure)
            {
                temporaryFailure ??= result;
            }
            else if (result.Score > 0 && (strongest is null || result.Score > strongest.Value.Score))
            {
                strongest = result;
            }
        }

        if (score >= options.RejectThreshold && strongest is { } cause)
        {
            return new Verdict(VerdictAction.Reject, score, cause.Reason ?? cause.Check, evidence);
        }

        if (temporaryFailure is { } failure && options.OnDnsFailure == DnsFailureAction.TempFail)
        {
            return new Verdict(VerdictAction.TempFail, score, failure.Reason ?? failure.Check, evidence);
        }

        return new Verdict(VerdictAction.Relay, score, evidence.Count == 0 ? "no checks" : "below threshold", evidence);
    }
}
