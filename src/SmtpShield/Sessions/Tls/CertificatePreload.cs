using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmtpShield.Sessions.Tls;

/// <summary>
/// Loads (or generates) the STARTTLS certificate at start, so the first client does not wait for an RSA
/// key generation and a broken certificate stops the daemon before it accepts anyone.
/// </summary>
internal sealed partial class CertificatePreload(ServerCertificate certificate, ILogger<CertificatePreload> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (certificate.Context?.TargetCertificate is { } loaded)
        {
            LogCertificate(logger, loaded.Subject, loaded.NotAfter.ToUniversalTime());
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(30, LogLevel.Information, "STARTTLS certificate {Subject}, valid until {NotAfter:yyyy-MM-dd}")]
    private static partial void LogCertificate(ILogger logger, string subject, DateTime notAfter);
}
