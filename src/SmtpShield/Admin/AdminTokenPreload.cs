using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmtpShield.Admin;

/// <summary>
/// Makes the host read Admin:TokenFile when it starts its services, before anything listens: a token file
/// that cannot be used stops the start with <see cref="AdminTokenException"/> (the run command prints it
/// in one line), instead of surfacing at the first API request.
/// </summary>
internal sealed partial class AdminTokenPreload(AdminToken token) : IHostedService
{
    /// <summary>The singleton's factory: loads the token, creating the file when there is none.</summary>
    public static AdminToken Load(string path, ILogger logger)
    {
        AdminToken token = AdminTokenFile.LoadOrCreate(path, out bool created);
        if (created)
        {
            LogCreated(logger, Path.GetFullPath(path));
        }

        return token;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(token);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(106, LogLevel.Information, "ADMIN created the API token file {Path} (mode 0600); the smtpshield CLI reads it from there")]
    private static partial void LogCreated(ILogger logger, string path);
}
