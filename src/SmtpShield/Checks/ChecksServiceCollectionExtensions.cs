using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Checks.Access;
using SmtpShield.Checks.Dnsbl;
using SmtpShield.Checks.Helo;
using SmtpShield.Checks.Pregreet;
using SmtpShield.Checks.Protocol;
using SmtpShield.Checks.ReverseDns;
using SmtpShield.Configuration;
using SmtpShield.Dns;

namespace SmtpShield.Checks;

internal static class ChecksServiceCollectionExtensions
{
    public static IServiceCollection AddChecks(this IServiceCollection services, IConfiguration configuration)
    {
        // One resolver for every check: its cache and coalescing are what make a wave cheap.
        services.AddOptions<DnsResolverOptions>().Bind(configuration.GetSection(ConfigSections.Dns)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DnsResolverOptions>, DnsOptionsValidator>();
        services.AddSingleton<IDnsResolver>(provider =>
        {
            DnsResolverOptions options = provider.GetRequiredService<IOptions<DnsResolverOptions>>().Value;
            TimeProvider time = provider.GetRequiredService<TimeProvider>();
            return new CachingDnsResolver(new DnsStubResolver(options, time, RandomNumberGenerator.Create()), options, time);
        });

        services.AddOptions<DnsblOptions>().Bind(configuration.GetSection(ConfigSections.Dnsbl)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DnsblOptions>, DnsblOptionsValidator>();
        services.AddOptions<ReverseDnsOptions>().Bind(configuration.GetSection(ConfigSections.ReverseDns)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReverseDnsOptions>, ReverseDnsOptionsValidator>();
        services.AddOptions<HeloOptions>().Bind(configuration.GetSection(ConfigSections.Helo)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HeloOptions>, HeloOptionsValidator>();
        services.AddOptions<PregreetOptions>().Bind(configuration.GetSection(ConfigSections.Pregreet)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PregreetOptions>, PregreetOptionsValidator>();
        services.AddOptions<ProtocolTestOptions>().Bind(configuration.GetSection(ConfigSections.Protocol)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProtocolTestOptions>, ProtocolTestOptionsValidator>();

        // Checks, in the order they can start: at accept, at EHLO.
        services.AddSingleton<DnsblZones>();
        services.AddSingleton<DnsblCheck>();
        services.AddSingleton<ISessionCheck>(provider => provider.GetRequiredService<DnsblCheck>());
        services.AddSingleton<ISessionCheck, ReverseDnsCheck>();
        services.AddSingleton<ISessionCheck, HeloCheck>();
        services.AddHostedService<DnsblHealthProbe>();

        // Tests of the dialogue itself, run by the session as it reads.
        services.AddSingleton<PregreetTest>();
        services.AddSingleton<ProtocolTests>();

        services.AddSingleton<ReverseDnsLookup>();
        services.AddSingleton<AccessList>();
        services.AddSingleton<CheckPipeline>();
        return services;
    }
}
