using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Admin;
using SmtpShield.Configuration;
using SmtpShield.Listener;
using SmtpShield.Sessions;

namespace SmtpShield.Hosting;

/// <summary>Builds the daemon: the SMTP listeners (<see cref="SmtpSocketListener"/>) and Kestrel for the admin HTTP endpoint.</summary>
internal static class SmtpShieldHost
{
    public static WebApplication Build(IConfiguration configuration, Action<IServiceCollection>? overrideServices = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),

            // The default appsettings sources (dropped below) would watch the working directory, waking on
            // every write there (a log file beside the daemon: ~15 µs per session, measured). SmtpShield's
            // configuration is its own; reloading it is deliberate, not a file watcher's side effect.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        ConfigureLogging(builder.Logging, configuration);
        builder.Services.AddSmtpShield(configuration);
        overrideServices?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            IServiceProvider services = kestrel.ApplicationServices;
            ListenerEndpoints bound = services.GetRequiredService<ListenerEndpoints>();
            kestrel.Listen(EndpointText.Parse(services.GetRequiredService<IOptions<AdminOptions>>().Value.Endpoint), listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                bound.SetAdmin(listen);
            });
        });

        WebApplication app = builder.Build();
        app.MapAdminEndpoints();
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        // Kestrel and hosting chatter is for debugging SmtpShield itself, not for mail admins.
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // Start-up failures (a port in use) are reported by the run command in one line, not a stack dump.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        logging.AddConfiguration(configuration.GetSection(ConfigSections.Logging));
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null)
        {
            // Under systemd: "<6>" priority prefixes, no timestamp (journald adds its own).
            logging.AddSystemdConsole();
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff'Z' ";
            });
        }
    }
}
