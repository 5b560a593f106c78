using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmtpShield.Admin;
using SmtpShield.Blocklist;
using SmtpShield.Callouts;
using SmtpShield.Checks;
using SmtpShield.Hosting;
using SmtpShield.Listener;
using SmtpShield.Relay;
using SmtpShield.Sessions;
using SmtpShield.Tarpit;
using SmtpShield.Verdicts;

namespace SmtpShield;

/// <summary>Registers SmtpShield, one call per stage in data-path order: it doubles as a table of contents.</summary>
internal static class SmtpShieldServiceCollectionExtensions
{
    public static IServiceCollection AddSmtpShield(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddHosting(configuration)
            .AddListener(configuration)
            .AddSessions(configuration)
            .AddChecks(configuration)
            .AddCallouts(configuration)
            .AddVerdicts(configuration)
            .AddTarpit(configuration)
            .AddRelay(configuration)
            .AddBlocklist(configuration)
            .AddAdmin(configuration);
    }
}
