using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;
using SmtpShield.Sessions.Commands;
using SmtpShield.Sessions.Tls;

namespace SmtpShield.Sessions;

internal static class SessionsServiceCollectionExtensions
{
    public static IServiceCollection AddSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionLimits>().Bind(configuration.GetSection(ConfigSections.Limits)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionLimits>, SessionLimitsValidator>();
        services.AddOptions<TlsOptions>().Bind(configuration.GetSection(ConfigSections.Tls)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsOptions>, TlsOptionsValidator>();

        // Commands, in dialogue order.
        services.AddSingleton<ISmtpCommandHandler, HeloCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, StartTlsCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, MailCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, RcptCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, DataCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, RsetCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, NoopCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, HelpCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, VrfyCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, QuitCommandHandler>();
        services.AddSingleton<ISmtpCommandHandler, UnsupportedCommandHandler>();
        services.AddSingleton<CommandTable>();

        services.AddSingleton<ServerCertificate>();
        services.AddSingleton<SessionReplies>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<SmtpSessionFactory>();
        services.AddHostedService<CertificatePreload>();
        services.AddHostedService<SessionHeartbeat>();
        return services;
    }
}
