using SmtpShield.Checks;

namespace SmtpShield.Verdicts;

/// <summary>A decision and everything it was based on, so it can be logged and explained.</summary>
internal sealed record Verdict(VerdictAction Action, double Score, string Reason, IReadOnlyList<CheckResult> Evidence)
{
    public override string ToString() => $"{Action.ToString().ToLowerInvariant()} score={Score:0.##} reason={Reason}";
}
