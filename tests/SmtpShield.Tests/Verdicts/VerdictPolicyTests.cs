using System.Globalization;
using SmtpShield.Checks;
using SmtpShield.Verdicts;

namespace SmtpShield.Tests.Verdicts;

/// <summary>
/// The policy is a pure function: evidence in, verdict out. Each case reads
/// "check outcome score [action]; …" → the verdict (defaults: reject at 3, tarpit at 2, fail open).
/// </summary>
public sealed class VerdictPolicyTests
{
    [Theory]
    [InlineData("", "Relay", "no checks")]
    [InlineData("rdns pass 0", "Relay", "passed")]
    [InlineData("rdns pass 1; helo pass 0.5", "Relay", "passed")]
    [InlineData("rdns pass 1; helo pass 1", "Tarpit", "rdns-reason")]
    [InlineData("rdns pass 1; helo pass 2", "Reject", "helo-reason")]
    [InlineData("dnsbl fail 3", "Reject", "dnsbl-reason")]
    [InlineData("dnsbl fail 3 drop", "Drop", "dnsbl-reason")]
    [InlineData("dnsbl fail 3 ignore", "Relay", "passed")]
    [InlineData("dnsbl fail 3 ignore; rdns pass 1", "Relay", "passed")]
    [InlineData("dnsbl pass 2; rdns pass 1", "Reject", "dnsbl-reason")]
    [InlineData("dnsbl allowlisted -2; rdns pass 1; helo pass 2", "Relay", "dnsbl-reason")]
    [InlineData("dnsbl allowlisted -2; helo fail 0", "Relay", "dnsbl-reason")]
    [InlineData("dnsbl tempfail 0", "Relay", "passed (dnsbl-reason)")]
    [InlineData("dnsbl tempfail 0; rdns pass 3", "Reject", "rdns-reason")]
    [InlineData("helo fail 0; dnsbl fail 3 drop", "Drop", "dnsbl-reason")]
    public void Evidence_DecidesTheVerdict(string evidence, string action, string reason)
    {
        Verdict verdict = VerdictPolicy.Decide(Parse(evidence), new PolicyOptions());
        Assert.Equal(Enum.Parse<VerdictAction>(action), verdict.Action);
        Assert.Equal(reason, verdict.Reason);
    }

    [Theory]
    [InlineData("FailOpen", "Relay")]
    [InlineData("TempFail", "TempFail")]
    public void TemporaryFailure_FollowsTheConfiguredAction(string onFailure, string expected)
    {
        var options = new PolicyOptions { OnDnsFailure = Enum.Parse<DnsFailureAction>(onFailure) };
        Assert.Equal(Enum.Parse<VerdictAction>(expected), VerdictPolicy.Decide(Parse("dnsbl tempfail 0"), options).Action);
    }

    [Theory]
    [InlineData("rdns pass 0", true)]
    [InlineData("dnsbl allowlisted -2", true)]
    [InlineData("dnsbl tempfail 0", false)]
    [InlineData("dnsbl allowlisted -2; rdns tempfail 0", false)]
    [InlineData("rdns pass 1; helo pass 1", false)]
    [InlineData("dnsbl fail 3", false)]
    public void OnlyACleanPassWithCompleteEvidence_IsCacheable(string evidence, bool cacheable) =>
        Assert.Equal(cacheable, VerdictPolicy.Decide(Parse(evidence), new PolicyOptions()).IsCacheable);

    [Fact]
    public void TarpitThreshold_CanBeTurnedOff()
    {
        var options = new PolicyOptions { TarpitThreshold = null };
        Assert.Equal(VerdictAction.Relay, VerdictPolicy.Decide(Parse("rdns pass 2.5"), options).Action);
    }

    [Fact]
    public void Score_IsTheSumOfCountedEvidence() =>
        Assert.Equal(1.5, VerdictPolicy.Decide(Parse("rdns pass 1; helo pass 0.5; dnsbl fail 9 ignore"), new PolicyOptions()).Score);

    private static List<CheckResult> Parse(string evidence) =>
        [.. evidence.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item =>
        {
            string[] f = item.Split(' ');
            CheckOutcome outcome = f[1] switch
            {
                "pass" => CheckOutcome.Pass,
                "fail" => CheckOutcome.Fail,
                "allowlisted" => CheckOutcome.Allowlisted,
                _ => CheckOutcome.TemporaryFailure,
            };
            CheckAction action = f.Length > 3 ? Enum.Parse<CheckAction>(f[3], ignoreCase: true) : CheckAction.Enforce;
            return new CheckResult(f[0], outcome, double.Parse(f[2], CultureInfo.InvariantCulture), $"{f[0]}-reason", action);
        })];
}
