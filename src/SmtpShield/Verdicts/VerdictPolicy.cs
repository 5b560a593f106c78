using SmtpShield.Checks;

namespace SmtpShield.Verdicts;

/// <summary>
/// Turns evidence into a verdict. Pure: no I/O, no clock, tested with tables (shared/STYLE.md habit 8).
/// Order: an allowlisting check wins; then a failed check's own action (Drop, then Enforce); then the
/// weighted total against the thresholds; temporary failures fail open unless configured otherwise.
/// </summary>
internal static class VerdictPolicy
{
    public static Verdict Decide(IReadOnlyList<CheckResult> evidence, PolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(options);
        double total = 0;
        CheckResult? strongest = null;
        CheckResult? allowlisted = null;
        CheckResult? drop = null;
        CheckResult? enforce = null;
        CheckResult? temporaryFailure = null;
        foreach (CheckResult result in evidence)
        {
            if (result.Action == CheckAction.Ignore)
            {
                continue;
            }

            total += result.Score;
            switch (result.Outcome)
            {
                case CheckOutcome.Allowlisted:
                    allowlisted ??= result;
                    break;
                case CheckOutcome.Fail when result.Action == CheckAction.Drop:
                    drop ??= result;
                    break;
                case CheckOutcome.Fail:
                    enforce ??= result;
                    break;
                case CheckOutcome.TemporaryFailure:
                    temporaryFailure ??= result;
                    break;
            }

            if (result.Score > 0 && (strongest is null || result.Score > strongest.Value.Score))
            {
                strongest = result;
            }
        }

        bool complete = temporaryFailure is null;
        if (allowlisted is { } allow)
        {
            return new Verdict(VerdictAction.Relay, total, ReasonOf(allow), evidence, complete);
        }

        if ((drop ?? enforce) is { } failed)
        {
            return new Verdict(drop is null ? VerdictAction.Reject : VerdictAction.Drop, total, ReasonOf(failed), evidence, IsCacheable: false)
            {
                DecidedBy = failed.Check,
            };
        }

        if (total >= options.RejectThreshold && strongest is { } cause)
        {
            return new Verdict(VerdictAction.Reject, total, ReasonOf(cause), evidence, IsCacheable: false);
        }

        if (temporaryFailure is { } failure && options.OnDnsFailure == DnsFailureAction.TempFail)
        {
            return new Verdict(VerdictAction.TempFail, total, ReasonOf(failure), evidence, IsCacheable: false);
        }

        if (options.TarpitThreshold is { } tarpit && total >= tarpit && strongest is { } suspicion)
        {
            return new Verdict(VerdictAction.Tarpit, total, ReasonOf(suspicion), evidence, IsCacheable: false);
        }

        string reason = evidence.Count == 0 ? "no checks" : complete ? "passed" : $"passed ({ReasonOf(temporaryFailure!.Value)})";
        return new Verdict(VerdictAction.Relay, total, reason, evidence, complete);
    }

    private static string ReasonOf(CheckResult result) => result.Reason ?? result.Check;
}
