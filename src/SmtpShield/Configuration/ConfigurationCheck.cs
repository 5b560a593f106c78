using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Admin;
using SmtpShield.Blocklist;
using SmtpShield.Checks.Dnsbl;
using SmtpShield.Checks.Helo;
using SmtpShield.Checks.Pregreet;
using SmtpShield.Checks.Protocol;
using SmtpShield.Checks.ReverseDns;
using SmtpShield.Dns;
using SmtpShield.Hosting;
using SmtpShield.Listener;
using SmtpShield.Relay;
using SmtpShield.Sessions;
using SmtpShield.Sessions.Tls;
using SmtpShield.Tarpit;
using SmtpShield.Verdicts;

namespace SmtpShield.Configuration;

/// <summary>
/// Validates a whole configuration and reports every error at once, each with its key: unknown keys,
/// values that do not convert, and each feature's own rules. Used by `check-config` and at start.
/// </summary>
internal static class ConfigurationCheck
{
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var errors = new List<string>();
        foreach (IConfigurationSection section in configuration.GetChildren())
        {
            if (!ConfigSections.TopLevelKeys.Contains(section.Key))
            {
                errors.Add($"{section.Key}: unknown setting (known: {string.Join(", ", ConfigSections.TopLevelKeys.Order(StringComparer.Ordinal))})");
            }
        }

        // Key by key first: unknown keys and values that do not convert, each with its path.
        var badKeys = new List<string>();
        SectionBinder.CollectValueErrors(configuration.GetSection(ConfigSections.Listeners), typeof(List<ListenerOptions>), ConfigSections.Listeners, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Admin), typeof(AdminOptions), ConfigSections.Admin, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Tls), typeof(TlsOptions), ConfigSections.Tls, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Limits), typeof(SessionLimits), ConfigSections.Limits, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Policy), typeof(PolicyOptions), ConfigSections.Policy, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Dns), typeof(DnsResolverOptions), ConfigSections.Dns, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Dnsbl), typeof(DnsblOptions), ConfigSections.Dnsbl, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.ReverseDns), typeof(ReverseDnsOptions), ConfigSections.ReverseDns, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Helo), typeof(HeloOptions), ConfigSections.Helo, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Pregreet), typeof(PregreetOptions), ConfigSections.Pregreet, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Protocol), typeof(ProtocolTestOptions), ConfigSections.Protocol, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Tarpit), typeof(TarpitOptions), ConfigSections.Tarpit, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Relay), typeof(RelayOptions), ConfigSections.Relay, errors, badKeys);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Blocklist), typeof(BlocklistOptions), ConfigSections.Blocklist, errors, badKeys);
        foreach (string key in new[] { ConfigSections.Hostname, ConfigSections.StateDirectory, ConfigSections.ShutdownTimeout })
        {
            IConfigurationSection value = configuration.GetSection(key);
            if (value.Exists())
            {
                SectionBinder.CollectValueErrors(value, typeof(ServerOptions).GetProperty(key)!.PropertyType, key, errors, badKeys);
            }
        }

        // Then each feature's own rules, through the same registrations the daemon uses, so check-config
        // and start-up can never disagree; the unusable keys are masked so the rest is still checked.
        IConfiguration usable = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable().Where(pair => !IsUnder(pair.Key, badKeys)))
            .Build();
        var services = new ServiceCollection();
        services.AddSmtpShield(usable);
        using ServiceProvider provider = services.BuildServiceProvider();
        Collect<ServerOptions>(provider, errors);
        Collect<ListenersOptions>(provider, errors);
        Collect<AdminOptions>(provider, errors);
        Collect<TlsOptions>(provider, errors);
        Collect<SessionLimits>(provider, errors);
        Collect<PolicyOptions>(provider, errors);
        Collect<DnsResolverOptions>(provider, errors);
        Collect<DnsblOptions>(provider, errors);
        Collect<ReverseDnsOptions>(provider, errors);
        Collect<HeloOptions>(provider, errors);
        Collect<PregreetOptions>(provider, errors);
        Collect<ProtocolTestOptions>(provider, errors);
        Collect<TarpitOptions>(provider, errors);
        Collect<RelayOptions>(provider, errors);
        Collect<BlocklistOptions>(provider, errors);
        return errors;
    }

    private static bool IsUnder(string key, List<string> badKeys) =>
        badKeys.Exists(bad => key.Equals(bad, StringComparison.OrdinalIgnoreCase)
            || key.StartsWith(bad + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase));

    private static void Collect<T>(IServiceProvider provider, List<string> errors)
        where T : class
    {
        try
        {
            _ = provider.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException e)
        {
            errors.AddRange(e.Failures);
        }
        catch (InvalidOperationException e)
        {
            // Masking should leave nothing unbindable; if something slipped through, still say so.
            errors.Add(e.Message);
        }
    }
}
