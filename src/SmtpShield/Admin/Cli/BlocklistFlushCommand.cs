namespace SmtpShield.Admin.Cli;

/// <summary>
/// `smtpshield blocklist flush --all | --source S [--json]`: removes every entry, or those of one source.
/// Nothing is flushed without one of the two, so a bare `flush` cannot empty the list by accident.
/// </summary>
internal static class BlocklistFlushCommand
{
    public static async Task<int> RunAsync(string? configPath, bool all, string? source, bool json, TextWriter output, TextWriter errorOutput)
    {
        if (!all && source is null)
        {
            await errorOutput.WriteLineAsync("smtpshield: flush needs --all (every entry) or --source reject|errors|limits|admin|config (the entries of one source)");
            return ExitCodes.Usage;
        }

        if (!AdminApiClient.TryCreate(configPath, errorOutput, out AdminApiClient? api, out int exitCode))
        {
            return exitCode;
        }

        using (api)
        {
            string query = source is null ? "/api/v1/blocklist?all=true" : $"/api/v1/blocklist?all=true&source={Uri.EscapeDataString(source)}";
            ApiCall<FlushDocument> call = await api!.CallAsync(HttpMethod.Delete, query, AdminJsonContext.Wire.FlushDocument);
            if (call.Document is not { } flushed)
            {
                return call.ExitCode;
            }

            await output.WriteAsync(json
                ? BlocklistListCommand.Json(flushed)
                : $"removed {flushed.Removed} {(flushed.Removed == 1 ? "entry" : "entries")}{(source is null ? string.Empty : $" of source {source}")}\n");
            return ExitCodes.Ok;
        }
    }
}
