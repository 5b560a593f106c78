using SmtpShield.Configuration;
using SmtpShield.Tests.Fakes;

namespace SmtpShield.Tests.Checks;

/// <summary>
/// Dnsbl:Threshold and Dnsbl:AllowlistThreshold as check-config sees them. A client no list mentions
/// scores 0; a threshold of 0 or less would fail every such client ("blocked using" no list at all).
/// </summary>
public sealed class DnsblThresholdTests
{
    [Theory]
    [InlineData("1", "-1")]
    [InlineData("3", "-1")]
    [InlineData("10", "-5")]
    public void SensibleThresholds_AreAccepted(string threshold, string allowlistThreshold)
    {
        IReadOnlyList<string> errors = ConfigurationCheck.Validate(TestConfiguration.Create(
            ("Dnsbl:Threshold", threshold), ("Dnsbl:AllowlistThreshold", allowlistThreshold)));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void ThresholdThatAnUnlistedClientReaches_IsRefused(string threshold)
    {
        IReadOnlyList<string> errors = ConfigurationCheck.Validate(TestConfiguration.Create(
            ("Dnsbl:Threshold", threshold), ("Dnsbl:AllowlistThreshold", "-5")));

        Assert.Contains(errors, error => error.StartsWith("Dnsbl:Threshold: ", StringComparison.Ordinal));
    }
}
