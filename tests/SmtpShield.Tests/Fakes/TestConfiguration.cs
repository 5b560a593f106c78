using Microsoft.Extensions.Configuration;
using SmtpShield.Configuration;

namespace SmtpShield.Tests.Fakes;

/// <summary>The embedded default configuration with per-test overrides ("Section:Key" = value).</summary>
internal static class TestConfiguration
{
    // One state directory for the whole run, so the self-signed certificate is generated once.
    public static readonly string StateDirectory = Directory.CreateTempSubdirectory("smtpshield-tests-").FullName;

    public static IConfigurationRoot Create(params (string Key, string? Value)[] overrides)
    {
        var values = new Dictionary<string, string?>
        {
            ["Hostname"] = "mx.test.example",
            ["StateDirectory"] = StateDirectory,
            ["Listeners:0:Endpoint"] = "127.0.0.1:0",
            ["Admin:Endpoint"] = "127.0.0.1:0",
            // Nothing listens on port 1: every handoff is refused at once (451 4.4.0), never reaching a real MTA.
            ["Relay:Backends:0:Endpoint"] = "127.0.0.1:1",
            // The tarpit's waits would stall every test that errs or is rejected; its own tests turn it on.
            ["Tarpit:StutterRejects"] = "false",
            ["Tarpit:ErrorDelayAfter"] = "0",
            ["Tarpit:Delay"] = "00:00:00",
        };
        foreach ((string key, string? value) in overrides)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder()
            .AddJsonStream(ConfigurationFiles.OpenEmbeddedDefault())
            .AddInMemoryCollection(values)
            .Build();
    }
}
