using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Admin;
using SmtpShield.Checks.Dnsbl;
using SmtpShield.Checks.Helo;
using SmtpShield.Checks.ReverseDns;
using SmtpShield.Configuration;
using SmtpShield.Hosting;
using SmtpShield.Sessions;
using SmtpShield.Sessions.Tls;
using SmtpShield.Tests.Fakes;
using SmtpShield.Verdicts;

namespace SmtpShield.Tests.Configuration;

/// <summary>Bad configuration is reported all at once, each error with its key; good configuration passes.</summary>
public sealed class ConfigurationCheckTests
{
    private static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();

    [Fact]
    public void EmbeddedDefault_IsValid()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(ConfigurationFiles.OpenEmbeddedDefault()).Build();
        Assert.Empty(ConfigurationCheck.Validate(configuration));
    }

    [Fact]
    public void EmbeddedDefault_SaysWhatTheCodeDefaultsAre()
    {
        // config/smtpshield.json documents every default; it must not drift from the options classes.
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(ConfigurationFiles.OpenEmbeddedDefault()).Build();
        var services = new ServiceCollection().AddSmtpShield(configuration).BuildServiceProvider();
        AssertSameProperties(new SessionLimits(), services.GetRequiredService<IOptions<SessionLimits>>().Value);
        AssertSameProperties(new TlsOptions(), services.GetRequiredService<IOptions<TlsOptions>>().Value);
        AssertSameProperties(new AdminOptions(), services.GetRequiredService<IOptions<AdminOptions>>().Value);
        AssertSameProperties(new PolicyOptions(), services.GetRequiredService<IOptions<PolicyOptions>>().Value);
        AssertSameProperties(new ServerOptions(), services.GetRequiredService<IOptions<ServerOptions>>().Value);
        AssertSameProperties(new DnsblOptions(), services.GetRequiredService<IOptions<DnsblOptions>>().Value);
        AssertSameProperties(new ReverseDnsOptions(), services.GetRequiredService<IOptions<ReverseDnsOptions>>().Value);
        AssertSameProperties(new HeloOptions(), services.GetRequiredService<IOptions<HeloOptions>>().Value);
        AssertSameProperties(new SmtpShield.Relay.RelayOptions(), services.GetRequiredService<IOptions<SmtpShield.Relay.RelayOptions>>().Value);
        AssertSameProperties(new SmtpShield.Dns.DnsResolverOptions(), services.GetRequiredService<IOptions<SmtpShield.Dns.DnsResolverOptions>>().Value);
        Assert.Equal(ReverseDnsOptions.DefaultGenericPatterns, services.GetRequiredService<IOptions<ReverseDnsOptions>>().Value.GenericPatterns);
    }

    [Fact]
    public void SeveralMistakes_AreAllReportedWithTheirKeys()
    {
        IReadOnlyList<string> errors = ConfigurationCheck.Validate(Json("""
            {
              "Listeners": [ { "Endpoint": "1.2.3:25" }, { "Endpoint": "127.0.0.1" } ],
              "Limits": { "IdleTimeout": "soon", "Foo": 1 },
              "Admin": { "Endpoint": "localhost:9925" },
              "Policy": { "OnDnsFailure": "Maybe" },
              "Tls": { "CertificateFile": "/etc/ssl/certs/none.pem" },
              "Hostname": "not a host",
              "Dnsbl": { "Zones": [ "zen.example=127.0.0.[2..300]*3" ] },
              "Relay": { "Backends": [ { "Endpoint": "localhost:10025", "Identity": "none" } ] },
              "Nonsense": { }
            }
            """));
        string all = string.Join("\n", errors);
        Assert.Contains("Listeners:0:Endpoint", all);
        Assert.Contains("Listeners:1:Endpoint", all);
        Assert.Contains("Limits:IdleTimeout: 'soon' is not a duration", all);
        Assert.Contains("Limits:Foo: unknown key", all);
        Assert.Contains("Admin:Endpoint", all);
        Assert.Contains("Policy:OnDnsFailure: 'Maybe' is not one of FailOpen, TempFail", all);
        Assert.Contains("Tls:KeyFile", all);
        Assert.Contains("Hostname: 'not a host'", all);
        Assert.Contains("Dnsbl:Zones:0: 'zen.example=127.0.0.[2..300]*3'", all);
        Assert.Contains("Relay:Backends:0:Endpoint: 'localhost:10025' is not address:port", all);
        Assert.Contains("Relay:Backends:0:SourceAddress: is required with Identity \"none\"", all);
        Assert.Contains("Nonsense: unknown setting", all);
        Assert.Equal(12, errors.Count);
    }

    [Theory]
    [InlineData("Limits:CommandLineLength", "100", "Limits:CommandLineLength: must be between 512")]
    [InlineData("Limits:MaxSessions", "0", "Limits:MaxSessions: must be between 1")]
    [InlineData("Limits:IdleTimeout", "00:00:00", "Limits:IdleTimeout: must be between")]
    [InlineData("Tls:HandshakeTimeout", "01:00:00", "Tls:HandshakeTimeout: must be between")]
    [InlineData("Policy:RejectThreshold", "-1", "Policy:RejectThreshold: must be a positive number")]
    [InlineData("Policy:TarpitThreshold", "5", "Policy:TarpitThreshold: must be null (off) or between 0 and RejectThreshold")]
    [InlineData("Policy:Allow:2", "10.0.0.0/33", "Policy:Allow:2: '10.0.0.0/33' is not an address or network")]
    [InlineData("Dnsbl:AllowlistThreshold", "5", "Dnsbl:AllowlistThreshold: must be below Threshold")]
    [InlineData("Dns:Servers:0", "resolver.example", "Dns:Servers:0:")]
    [InlineData("ReverseDns:GenericPatterns:0", "([a-z", "ReverseDns:GenericPatterns:0: not a regular expression")]
    [InlineData("Helo:OwnNameScore", "-1", "Helo:OwnNameScore: must be a number, zero or more")]
    [InlineData("Blocklist:RouteProtocol", "2", "Blocklist:RouteProtocol: must be between 5 and 255")]
    [InlineData("Limits:MaxConnectionsPerClientPerMinute", "-1", "Limits:MaxConnectionsPerClientPerMinute: must be between 0")]
    [InlineData("Pregreet:Wait", "00:05:00", "Pregreet:Wait: must be between 00:00:00 and 00:01:00")]
    [InlineData("Pregreet:Teaser", "true", "Pregreet:Teaser: needs a Wait above zero")]
    [InlineData("Protocol:ForbiddenCommands:0", "G ET", "Protocol:ForbiddenCommands:0: must be a word of ASCII letters")]
    [InlineData("Protocol:UnknownCommandLimit", "-1", "Protocol:UnknownCommandLimit: must be between 0 and 1000")]
    [InlineData("Tarpit:Delay", "00:05:00", "Tarpit:Delay: must be between 00:00:00 and 00:04:00")]
    [InlineData("Tarpit:StutterInterval", "00:00:00", "Tarpit:StutterInterval: must be between")]
    [InlineData("Tarpit:MaxTarpitted", "-1", "Tarpit:MaxTarpitted: must be between 0")]
    [InlineData("Limits:ClientIpv6Prefix", "16", "Limits:ClientIpv6Prefix: must be between 32 and 128")]
    public void OutOfRangeValue_IsReportedWithItsBounds(string key, string value, string expected)
    {
        IReadOnlyList<string> errors = ConfigurationCheck.Validate(TestConfiguration.Create((key, value)));
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void IpsetDriver_RefusesAMaxTtlLongerThanAnIpsetTimeout()
    {
        IReadOnlyList<string> errors = ConfigurationCheck.Validate(TestConfiguration.Create(("Blocklist:Driver", "ipset"), ("Blocklist:MaxTtl", "30.00:00:00")));
        Assert.Contains(errors, e => e.StartsWith("Blocklist:MaxTtl: must be at most 24.20:31:23 with Driver ipset", StringComparison.Ordinal));
        Assert.Empty(ConfigurationCheck.Validate(TestConfiguration.Create(("Blocklist:Driver", "nftables"), ("Blocklist:MaxTtl", "30.00:00:00"))));
    }

    [Fact]
    public void TarpitWaits_MustFitInTheIdleTimeout()
    {
        IReadOnlyList<string> errors = ConfigurationCheck.Validate(TestConfiguration.Create(("Limits:IdleTimeout", "00:00:20"), ("Tarpit:StutterRejects", "true"), ("Tarpit:MaxStutter", "00:00:30")));

        Assert.Contains("Tarpit:MaxStutter: must be shorter than Limits:IdleTimeout (00:00:20), got 00:00:30", errors);
    }

    [Fact]
    public void EnvironmentVariables_OverrideTheFile()
    {
        string file = Path.Combine(TestConfiguration.StateDirectory, "env-override.json");
        File.WriteAllText(file, """{ "Listeners": [ { "Endpoint": "127.0.0.1:2525" } ], "Limits": { "MaxErrors": 5 } }""");
        Environment.SetEnvironmentVariable("SMTPSHIELD_Limits__MaxErrors", "7");
        try
        {
            Assert.True(ConfigurationFiles.TryLoad(file, out IConfigurationRoot configuration, out _, out _));
            Assert.Equal("7", configuration["Limits:MaxErrors"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SMTPSHIELD_Limits__MaxErrors", null);
        }
    }

    [Fact]
    public void MissingFile_IsAClearError()
    {
        Assert.False(ConfigurationFiles.TryLoad("/nonexistent/smtpshield.json", out _, out _, out string? error));
        Assert.Equal("configuration file not found: /nonexistent/smtpshield.json", error);
    }

    [Fact]
    public void MalformedJson_IsAClearError()
    {
        string file = Path.Combine(TestConfiguration.StateDirectory, "broken.json");
        File.WriteAllText(file, """{ "Limits": { "MaxErrors": 5, } """);
        Assert.False(ConfigurationFiles.TryLoad(file, out _, out _, out string? error));
        Assert.StartsWith(file, error, StringComparison.Ordinal);
    }

    private static void AssertSameProperties<T>(T expected, T actual)
    {
        // Lists have their defaults only in the JSON: a binder appends to a pre-filled list.
        foreach (var property in typeof(T).GetProperties().Where(p => p.CanWrite && !p.PropertyType.IsGenericType))
        {
            Assert.True(Equals(property.GetValue(expected), property.GetValue(actual)),
                $"{typeof(T).Name}.{property.Name}: code default {property.GetValue(expected)} but config/smtpshield.json says {property.GetValue(actual)}");
        }
    }
}
