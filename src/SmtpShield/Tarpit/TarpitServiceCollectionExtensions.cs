using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Tarpit;

internal static class TarpitServiceCollectionExtensions
{
    public static IServiceCollection AddTarpit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TarpitOptions>().Bind(configuration.GetSection(ConfigSections.Tarpit)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TarpitOptions>, TarpitOptionsValidator>();
        services.AddSingleton<ReplyPacer>();
        return services;
    }
}
