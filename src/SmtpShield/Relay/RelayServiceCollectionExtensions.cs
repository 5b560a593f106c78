using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Relay;

internal static class RelayServiceCollectionExtensions
{
    public static IServiceCollection AddRelay(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(ConfigSections.Relay)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<RelayMetrics>();
        services.AddSingleton<BackendRelay>();
        services.AddSingleton<BackendCapabilityMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<BackendCapabilityMonitor>());
        return services;
    }
}
