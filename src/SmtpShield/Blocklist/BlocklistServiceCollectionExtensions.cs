using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Admin;
using SmtpShield.Blocklist.Firewall;
using SmtpShield.Callouts;
using SmtpShield.Configuration;
using SmtpShield.Hosting;
using SmtpShield.Listener;
using SmtpShield.Relay;
using SmtpShield.Verdicts;

namespace SmtpShield.Blocklist;

internal static class BlocklistServiceCollectionExtensions
{
    public static IServiceCollection AddBlocklist(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BlocklistOptions>().Bind(configuration.GetSection(ConfigSections.Blocklist)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BlocklistOptions>, BlocklistOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<BlocklistMetrics>();
        services.AddSingleton(provider => ProtectedNetworksBuilder.Build(
            provider.GetRequiredService<IOptions<BlocklistOptions>>().Value,
            provider.GetRequiredService<IOptions<PolicyOptions>>().Value,
            provider.GetRequiredService<IOptions<RelayOptions>>().Value,
            provider.GetRequiredService<IOptions<AdminOptions>>().Value,
            provider.GetRequiredService<IOptions<ListenersOptions>>().Value));
        services.AddSingleton(provider => new RepeatOffenderTracker(provider.GetRequiredService<IOptions<BlocklistOptions>>().Value, Random.Shared.NextDouble));
        services.AddSingleton(provider => FirewallDrivers.Create(
            provider.GetRequiredService<IOptions<BlocklistOptions>>().Value, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => new FirewallBatcher(
            provider.GetRequiredService<IFirewallBlocklist>(), provider.GetRequiredService<IOptions<BlocklistOptions>>().Value,
            provider.GetRequiredService<BlocklistMetrics>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<FirewallBatcher>>()));
        services.AddSingleton(provider => new ClientBlocklist(
            provider.GetRequiredService<IOptions<BlocklistOptions>>().Value, provider.GetRequiredService<ProtectedNetworks>(),
            provider.GetRequiredService<RepeatOffenderTracker>(), provider.GetRequiredService<FirewallBatcher>(),
            provider.GetRequiredService<BlocklistMetrics>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<ClientBlocklist>>()));
        services.AddSingleton<OffenceRecorder>();

        // Order matters: the store is loaded (maintenance) before the batcher runs the resync it queues.
        services.AddHostedService(provider => new BlocklistMaintenance(
            provider.GetRequiredService<ClientBlocklist>(), provider.GetRequiredService<CalloutCache>(), DatabasePath(provider), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<ILogger<BlocklistMaintenance>>()));
        services.AddHostedService(provider => provider.GetRequiredService<FirewallBatcher>());
        return services;
    }

    private static string DatabasePath(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<BlocklistOptions>>().Value.DatabaseFile
        ?? Path.Combine(provider.GetRequiredService<IOptions<ServerOptions>>().Value.StateDirectory, "blocklist.db");
}
