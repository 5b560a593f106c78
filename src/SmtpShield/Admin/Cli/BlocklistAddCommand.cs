using System.Net.Http.Json;
using SmtpShield.Blocklist;

namespace SmtpShield.Admin.Cli;

/// <summary>
/// `smtpshield blocklist add NETWORK [--ttl T] [--reason R] [--json]`: blocks an address or prefix through
/// the running daemon (source admin). The address and ttl are checked here first, so a typo is reported
/// (exit 64) even when the daemon is down.
/// </summary>
internal static class BlocklistAddCommand
{
    public static async Task<int> RunAsync(string? configPath, string network, string? ttl, string? reason, bool json, TextWriter output, TextWriter errorOutput)
    {
        if (!NetworkText.TryParse(network, out NetworkKey key, out string networkError))
        {
            await errorOutput.WriteLineAsync($"smtpshield: {networkError}");
            return ExitCodes.Usage;
        }

        TimeSpan? lifetime = null;
        if (ttl is not null && !DurationText.TryParseTtl(ttl, out lifetime, out string ttlError))
        {
            await errorOutput.WriteLineAsync($"smtpshield: --ttl: {ttlError}");
            return ExitCodes.Usage;
        }

        if (!AdminApiClient.TryCreate(configPath, errorOutput, out AdminApiClient? api, out int exitCode))
        {
            return exitCode;
        }

        using (api)
        {
            // No --ttl: the daemon's Admin:DefaultTtl. --ttl permanent: "permanent": true.
            bool permanent = ttl is not null && lifetime is null;
            var request = new BlockRequestDocument(key.ToString(), lifetime is { } t ? (long)Math.Ceiling(t.TotalSeconds) : null, permanent ? true : null, reason);
            ApiCall<EntryDocument> call = await api!.CallAsync(
                HttpMethod.Post, "/api/v1/blocklist", AdminJsonContext.Wire.EntryDocument, JsonContent.Create(request, AdminJsonContext.Wire.BlockRequestDocument));
            if (call.Document is not { } entry)
            {
                return call.ExitCode;
            }

            await output.WriteAsync(json ? BlocklistListCommand.Json(entry) : Describe(entry, call.Status == 201));
            return ExitCodes.Ok;
        }
    }

    /// <summary>"added 192.0.2.7 for 1h (until 2026-12-02 22:20:48Z): spam run".</summary>
    public static string Describe(EntryDocument entry, bool added)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string lifetime = entry is { RemainingSeconds: { } seconds, Expires: { } expires }
            ? $"for {DurationText.Format(TimeSpan.FromSeconds(seconds))} (until {expires:yyyy-MM-dd HH:mm:ss}Z)"
            : "permanently";
        string absorbed = entry.Absorbed is { Count: > 0 } narrower ? $"; it replaces {string.Join(", ", narrower)}" : string.Empty;
        return $"{(added ? "added" : "updated")} {entry.Network} {lifetime}: {entry.Reason}{absorbed}\n";
    }
}
