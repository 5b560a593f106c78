using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Admin;

internal static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(ConfigSections.Admin)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<AdminMetrics>();
        services.AddSingleton(provider => AdminTokenPreload.Load(
            provider.GetRequiredService<IOptions<AdminOptions>>().Value.TokenFile, provider.GetRequiredService<ILogger<AdminTokenPreload>>()));
        services.AddHostedService<AdminTokenPreload>();
        services.AddSingleton<BearerTokenFilter>();
        services.AddSingleton<BlocklistApi>();
        services.AddSingleton<BlocklistImport>();
        return services;
    }
}
