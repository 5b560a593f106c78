using SmtpShield.Checks;
using SmtpShield.Verdicts;

namespace SmtpShield.Tests.Verdicts;

/// <summary>The policy is a pure function: evidence in, verdict out.</summary>
public sealed class VerdictPolicyTests
{
    private static readonly PolicyOptions s_defaults = new();

    [Fact]
    public void NoEvidence_IsRelayed()
    {
        Verdict verdict = VerdictPolicy.Decide([], s_defaults);
        Assert.Equal(VerdictAction.Relay, verdict.Action);
        Assert.Equal("no checks", verdict.Reason);
    }

    [Theory]
    [InlineData(0.5, nameof(VerdictAction.Relay))]
    [InlineData(1.0, nameof(VerdictAction.Reject))]
    [InlineData(3.0, nameof(VerdictAction.Reject))]
    public void ScoreAgainstThreshold_DecidesRejection(double score, string expected)
    {
        Verdict verdict = VerdictPolicy.Decide([new CheckResult("dnsbl", score, "listed by zen")], s_defaults);
        Assert.Equal(Enum.Parse<VerdictAction>(expected), verdict.Action);
    }

    [Fact]
    public void AllowlistWeight_CancelsAListing()
    {
        Verdict verdict = VerdictPolicy.Decide(
            [new CheckResult("dnsbl", 3, "listed"), new CheckResult("dnswl", -3, "allowlisted")], s_defaults);
        Assert.Equal(VerdictAction.Relay, verdict.Action);
    }

    [Fact]
    public void Rejection_NamesTheStrongestCause()
    {
        Verdict verdict = VerdictPolicy.Decide(
            [new CheckResult("rdns", 0.5, "no PTR"), new CheckResult("dnsbl", 2, "listed by zen")], s_defaults);
        Assert.Equal("listed by zen", verdict.Reason);
    }

    [Theory]
    [InlineData(nameof(DnsFailureAction.FailOpen), nameof(VerdictAction.Relay))]
    [InlineData(nameof(DnsFailureAction.TempFail), nameof(VerdictAction.TempFail))]
    public void TemporaryFailure_FollowsTheConfiguredAction(string onFailure, string expected)
    {
        var options = new PolicyOptions { OnDnsFailure = Enum.Parse<DnsFailureAction>(onFailure) };
        Verdict verdict = VerdictPolicy.Decide([new CheckResult("dnsbl", 0, "DNS timeout", IsTemporaryFailure: true)], options);
        Assert.Equal(Enum.Parse<VerdictAction>(expected), verdict.Action);
    }
}
