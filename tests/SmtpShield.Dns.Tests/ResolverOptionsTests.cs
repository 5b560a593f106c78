namespace SmtpShield.Dns.Tests;

/// <summary>Every invalid setting is reported at once, with its configuration key.</summary>
public class ResolverOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(new DnsResolverOptions().Validate());
    }

    [Theory]
    [InlineData("192.0.2.53")]
    [InlineData("192.0.2.53:5353")]
    [InlineData("2001:db8::53")]
    [InlineData("[2001:db8::53]:5353")]
    [InlineData("[2001:db8::53]")]
    [InlineData(" 127.0.0.1:53 ")]
    public void ServersAsIpOrIpAndPort_AreValid(string server)
    {
        var options = new DnsResolverOptions { Servers = { server } };

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("dns.example")]
    [InlineData("192.0.2.53:0")]
    [InlineData("192.0.2.53:70000")]
    [InlineData("")]
    [InlineData("192.0.2.53:")]
    [InlineData("[2001:db8::53]:0")]
    [InlineData("[2001:db8::53")]
    public void ServersThatAreNotAddresses_AreInvalid(string server)
    {
        var options = new DnsResolverOptions { Servers = { "192.0.2.1", server } };

        Assert.StartsWith("Dns:Servers:1:", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryError_IsReported_WithItsKey()
    {
        var options = new DnsResolverOptions
        {
            Timeout = TimeSpan.Zero,
            Attempts = 0,
            MinimumTtl = TimeSpan.FromHours(2),
            MaximumTtl = TimeSpan.FromHours(1),
            NegativeTtl = TimeSpan.FromSeconds(-1),
            MaxCacheEntries = -1,
        };

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(["Dns:Timeout", "Dns:Attempts", "Dns:MinimumTtl", "Dns:NegativeTtl", "Dns:MaxCacheEntries"], errors.Select(e => e[..e.IndexOfAny([':', ','], 4)]));
    }

    [Fact]
    public void InvalidOptions_AreRefusedByTheResolvers()
    {
        var options = new DnsResolverOptions { Servers = { "not an address" } };

        Assert.Throws<ArgumentException>(() => new DnsStubResolver(options));
        Assert.Throws<ArgumentException>(() => new CachingDnsResolver(new FakeDnsResolver(), options));
    }
}
