using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmtpShield.Sessions;

namespace SmtpShield.Hosting;

/// <summary>
/// SIGTERM: every session still in dialogue gets "421 4.3.2" at once (RFC 5321 §3.8 allows the 421 to
/// be sent asynchronously); the SMTP listener then stops accepting and waits up to ShutdownTimeout for
/// sessions to end (<see cref="Listener.SmtpSocketListener"/>).
/// </summary>
internal sealed partial class GracefulShutdown(
    IHostApplicationLifetime lifetime,
    SessionRegistry registry,
    ListenerEndpoints endpoints,
    ILogger<GracefulShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var endpoint in endpoints.Smtp)
            {
                LogListening(logger, "smtp", endpoint.ToString());
            }

            if (endpoints.Admin is { } admin)
            {
                LogListening(logger, "admin", $"http://{admin}");
            }
        });
        lifetime.ApplicationStopping.Register(() =>
        {
            LogDraining(logger, registry.Count);
            registry.BeginShutdown();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(20, LogLevel.Information, "LISTEN {Kind} {Endpoint}")]
    private static partial void LogListening(ILogger logger, string kind, string endpoint);

    [LoggerMessage(21, LogLevel.Information, "SHUTDOWN draining {Sessions} sessions")]
    private static partial void LogDraining(ILogger logger, int sessions);
}
