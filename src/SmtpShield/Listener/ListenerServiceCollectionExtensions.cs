using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Listener;

internal static class ListenerServiceCollectionExtensions
{
    public static IServiceCollection AddListener(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ListenersOptions>()
            .Configure(options => configuration.GetSection(ConfigSections.Listeners).Bind(options.Items))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ListenersOptions>, ListenersOptionsValidator>();
        services.AddSingleton<IMemoryPoolFactory<byte>, BoundedBlockPoolFactory>();
        services.AddSingleton<ClientLimits>();
        services.AddSingleton<ConnectionAdmission>();
        services.AddSingleton<BlockedClientRefusal>();
        services.AddSingleton<SmtpConnectionHandler>();
        services.AddSingleton<SmtpSocketListener>();
        services.AddHostedService(provider => provider.GetRequiredService<SmtpSocketListener>());
        return services;
    }
}
