using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SmtpShield.Hosting;

internal static class HostingServiceCollectionExtensions
{
    public static IServiceCollection AddHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerOptions>()
            // Top-level keys (Hostname, StateDirectory, ShutdownTimeout); the sections bind elsewhere.
            .Configure(options => configuration.Bind(options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<IOptions<ServerOptions>>((host, server) => host.ShutdownTimeout = server.Value.ShutdownTimeout);
        services.AddSingleton<ListenerEndpoints>();
        services.AddHostedService<GracefulShutdown>();
        services.AddHostedService<MemoryTrimmer>();
        return services;
    }
}
