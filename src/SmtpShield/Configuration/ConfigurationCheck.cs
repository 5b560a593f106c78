using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Admin;
using SmtpShield.Hosting;
using SmtpShield.Listener;
using SmtpShield.Sessions;
using SmtpShield.Sessions.Tls;
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
        var bindingErrors = new List<string>();
        SectionBinder.CollectValueErrors(configuration.GetSection(ConfigSections.Listeners), typeof(List<ListenerOptions>), ConfigSections.Listeners, bindingErrors);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Admin), typeof(AdminOptions), ConfigSections.Admin, bindingErrors);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Tls), typeof(TlsOptions), ConfigSections.Tls, bindingErrors);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Limits), typeof(SessionLimits), ConfigSections.Limits, bindingErrors);
        SectionBinder.CollectErrors(configuration.GetSection(ConfigSections.Policy), typeof(PolicyOptions), ConfigSections.Policy, bindingErrors);
        foreach (string key in new[] { ConfigSections.Hostname, ConfigSections.StateDirectory, ConfigSections.ShutdownTimeout })
        {
            IConfigurationSection value = configuration.GetSection(key);
            if (value.Exists())
            {
                SectionBinder.CollectValueErrors(value, typeof(ServerOptions).GetProperty(key)!.PropertyType, key, bindingErrors);
            }
        }

        errors.AddRange(bindingErrors);

        // Then each feature's own rules, through the same registrations the daemon uses, so check-config
        // and start-up can never disagree. A section that did not bind is skipped (already reported).
        var services = new ServiceCollection();
        services.AddSmtpShield(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        Collect<ServerOptions>(provider, errors);
        Collect<ListenersOptions>(provider, errors);
        Collect<AdminOptions>(provider, errors);
        Collect<TlsOptions>(provider, errors);
        Collect<SessionLimits>(provider, errors);
        Collect<PolicyOptions>(provider, errors);
        return errors;
    }

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
        catch (InvalidOperationException)
        {
            // A binding failure, already reported key by key above.
        }
    }
}
