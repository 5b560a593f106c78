using SmtpShield.Checks;

namespace SmtpShield.Verdicts;

/// <summary>
/// A decision and everything it was based on, so it can be logged and explained. A relay verdict reached
/// with complete evidence may be cached; one reached while a lookup was failing never is.
/// </summary>
internal sealed record Verdict(VerdictAction Action, double Score, string Reason, IReadOnlyList<CheckResult> Evidence, bool IsCacheable)
{
    /// <summary>The check whose failure decided a reject or drop on its own (its action, not the total); null otherwise.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>About the transaction's sender, not the client: answered at RCPT, never kept as the session's verdict.</summary>
    public bool IsPerTransaction { get; init; }

    public override string ToString() => $"{Action.ToString().ToLowerInvariant()} score={Score:0.##} reason={Reason}";
}
