using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SmtpShield.Hosting;

namespace SmtpShield.Admin.Cli;

/// <summary>`smtpshield run` (and `smtpshield` alone): validate the configuration, then serve until SIGTERM.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(string? configPath)
    {
        if (!ConfigurationLoading.TryLoadValid(configPath, Console.Error, out IConfigurationRoot configuration, out _))
        {
            return ExitCodes.ConfigurationError;
        }

        try
        {
            await using WebApplication app = SmtpShieldHost.Build(configuration);
            await app.RunAsync();
            return ExitCodes.Ok;
        }
        catch (IOException e) when (e.InnerException is SocketException || e.GetBaseException() is SocketException)
        {
            await Console.Error.WriteLineAsync($"smtpshield: cannot listen: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (AdminTokenException e)
        {
            await Console.Error.WriteLineAsync($"smtpshield: {e.Message}");
            return ExitCodes.ConfigurationError;
        }
        catch (UnauthorizedAccessException e)
        {
            await Console.Error.WriteLineAsync($"smtpshield: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
