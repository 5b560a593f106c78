using SmtpShield.Callouts;

namespace SmtpShield.Tests.Callouts;

public sealed class CalloutOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid() =>
        Assert.True(new CalloutOptionsValidator().Validate(null, new CalloutOptions()).Succeeded);

    [Fact]
    public void Enabled_WithoutDomains_IsAnErrorNamingTheKey()
    {
        var result = new CalloutOptionsValidator().Validate(null, new CalloutOptions { Enabled = true });

        Assert.True(result.Failed);
        Assert.Contains("Callouts:Domains", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a domain")]
    [InlineData("..")]
    [InlineData("-bad-.example")]
    public void ADomainEntryThatIsNoDomain_IsAnError(string entry)
    {
        var options = new CalloutOptions { Enabled = true };
        options.Domains.Add(entry);

        Assert.True(new CalloutOptionsValidator().Validate(null, options).Failed);
    }

    [Theory]
    [InlineData("probe@example.org", true)]
    [InlineData("", true)]
    [InlineData("no-at-sign", false)]
    [InlineData("a b@example.org", false)]
    [InlineData("<probe@example.org>", false)]
    public void ProbeSender_IsEmptyOrAnAddress(string sender, bool valid) =>
        Assert.Equal(valid, new CalloutOptionsValidator().Validate(null, new CalloutOptions { ProbeSender = sender }).Succeeded);

    [Fact]
    public void ZeroTimeoutsAndCaps_AreErrors()
    {
        var options = new CalloutOptions { ConnectTimeout = TimeSpan.Zero, Deadline = TimeSpan.Zero, MaxPerSession = 0, MaxHosts = 0 };

        string message = new CalloutOptionsValidator().Validate(null, options).FailureMessage ?? string.Empty;

        Assert.All(["ConnectTimeout", "Deadline", "MaxPerSession", "MaxHosts"], key => Assert.Contains($"Callouts:{key}", message, StringComparison.Ordinal));
    }
}
