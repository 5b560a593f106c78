using SmtpShield.Blocklist;

namespace SmtpShield.Admin.Cli;

/// <summary>
/// `smtpshield blocklist remove NETWORK`: removes exactly that entry. Exit 1 when it has none of its own;
/// the message then says which wider prefix covers it, if one does.
/// </summary>
internal static class BlocklistRemoveCommand
{
    public static async Task<int> RunAsync(string? configPath, string network, TextWriter output, TextWriter errorOutput)
    {
        if (!NetworkText.TryParse(network, out NetworkKey key, out string networkError))
        {
            await errorOutput.WriteLineAsync($"smtpshield: {networkError}");
            return ExitCodes.Usage;
        }

        if (!AdminApiClient.TryCreate(configPath, errorOutput, out AdminApiClient? api, out int exitCode))
        {
            return exitCode;
        }

        using (api)
        {
            int removed = await api!.CallAsync(HttpMethod.Delete, BlocklistApi.EntryPath(key));
            if (removed == ExitCodes.Ok)
            {
                await output.WriteLineAsync($"removed {key}");
            }

            return removed;
        }
    }
}
