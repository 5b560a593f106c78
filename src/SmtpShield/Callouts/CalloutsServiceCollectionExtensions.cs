using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Checks;
using SmtpShield.Configuration;

namespace SmtpShield.Callouts;

internal static class CalloutsServiceCollectionExtensions
{
    public static IServiceCollection AddCallouts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CalloutOptions>().Bind(configuration.GetSection(ConfigSections.Callouts)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CalloutOptions>, CalloutOptionsValidator>();
        services.AddSingleton<CalloutClient>();
        services.AddSingleton<CalloutCache>();
        services.AddSingleton<CalloutMetrics>();
        services.AddSingleton<CalloutTargetGuard>();
        services.AddSingleton<ISessionCheck, CalloutCheck>();
        return services;
    }
}
