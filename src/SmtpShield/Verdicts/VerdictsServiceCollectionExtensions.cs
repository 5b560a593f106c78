using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Verdicts;

internal static class VerdictsServiceCollectionExtensions
{
    public static IServiceCollection AddVerdicts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PolicyOptions>().Bind(configuration.GetSection(ConfigSections.Policy)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PolicyOptions>, PolicyOptionsValidator>();
        services.AddSingleton<IVerdictCache, MemoryVerdictCache>();
        return services;
    }
}
