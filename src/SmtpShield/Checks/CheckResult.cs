namespace SmtpShield.Checks;

/// <summary>
/// One piece of evidence about a client: which check, how much it weighs (positive = suspicious,
/// negative = trusted, postscreen-style), why, and whether it is only a temporary failure to decide.
/// Checks return these; they never throw for bad input or failed lookups.
/// </summary>
internal readonly record struct CheckResult(string Check, double Score, string? Reason, bool IsTemporaryFailure = false)
{
    public static CheckResult Neutral(string check) => new(check, 0, null);
}
