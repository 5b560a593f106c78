using SmtpShield.Verdicts;

namespace SmtpShield.Checks;

/// <summary>
/// One piece of evidence about a client: which check, what it concluded, how much it weighs (positive =
/// suspicious, negative = trusted, postscreen-style), why, and what the configuration says to do when it
/// fails. Checks return these; they never throw for bad input or failed lookups.
/// </summary>
internal readonly record struct CheckResult(
    string Check,
    CheckOutcome Outcome,
    double Score,
    string? Reason,
    CheckAction Action = CheckAction.Enforce)
{
    public bool IsTemporaryFailure => Outcome == CheckOutcome.TemporaryFailure;

    public static CheckResult Pass(string check, double score = 0, string? reason = null) => new(check, CheckOutcome.Pass, score, reason);

    public static CheckResult TemporaryFailure(string check, string reason) => new(check, CheckOutcome.TemporaryFailure, 0, reason);

    public override string ToString() =>
        $"{Check}: {Outcome.ToString().ToLowerInvariant()} score={Score:0.##}{(Reason is null ? string.Empty : $" ({Reason})")}";
}
