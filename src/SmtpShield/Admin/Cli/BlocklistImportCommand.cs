using System.Net.Http.Headers;
using System.Text;

namespace SmtpShield.Admin.Cli;

/// <summary>
/// `smtpshield blocklist import FILE|- [--ttl T] [--reason R] [--json]`: one address or prefix per line
/// ("#" and ";" comments), sent in one request. Prints a summary and every line that was not blocked;
/// exits 65 when a line was invalid or protected (the others are imported all the same).
/// </summary>
internal static class BlocklistImportCommand
{
    public static async Task<int> RunAsync(
        string? configPath, string file, string? ttl, string? reason, bool json, Stream standardInput, TextWriter output, TextWriter errorOutput)
    {
        ArgumentNullException.ThrowIfNull(standardInput);
        if (ttl is not null && !DurationText.TryParseTtl(ttl, out _, out string ttlError))
        {
            await errorOutput.WriteLineAsync($"smtpshield: --ttl: {ttlError}");
            return ExitCodes.Usage;
        }

        byte[] lines;
        string name = file == "-" ? "standard input" : file;
        try
        {
            await using Stream input = file == "-" ? standardInput : File.OpenRead(file);
            using var buffer = new MemoryStream();
            await input.CopyToAsync(buffer);
            lines = buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errorOutput.WriteLineAsync($"smtpshield: cannot read {name}: {e.Message}");
            return ExitCodes.NoInput;
        }

        if (lines.Length > BlocklistImport.MaxBody)
        {
            await errorOutput.WriteLineAsync(
                $"smtpshield: {name} holds {lines.Length / 1024} KiB; the daemon takes at most {BlocklistImport.MaxBody / 1024} KiB per import: split it");
            return ExitCodes.Usage;
        }

        if (!AdminApiClient.TryCreate(configPath, errorOutput, out AdminApiClient? api, out int exitCode))
        {
            return exitCode;
        }

        using (api)
        {
            var query = new StringBuilder("/api/v1/blocklist/import");
            char separator = '?';
            foreach ((string key, string? value) in new[] { ("ttl", ttl), ("reason", reason) })
            {
                if (value is not null)
                {
                    query.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
                    separator = '&';
                }
            }

            var content = new ByteArrayContent(lines);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            ApiCall<ImportDocument> call = await api!.CallAsync(HttpMethod.Post, query.ToString(), AdminJsonContext.Wire.ImportDocument, content);
            if (call.Document is not { } imported)
            {
                return call.ExitCode;
            }

            await output.WriteAsync(json ? BlocklistListCommand.Json(imported) : Describe(name, imported));
            return imported.Invalid + imported.Protected > 0 ? ExitCodes.Refused : ExitCodes.Ok;
        }
    }

    /// <summary>"imported blocks.txt: 8 added, …" and then each line that was not blocked by this import.</summary>
    public static string Describe(string name, ImportDocument imported)
    {
        ArgumentNullException.ThrowIfNull(imported);
        var text = new StringBuilder();
        text.Append($"imported {name}: {imported.Added} added, {imported.Updated} updated, {imported.Covered} covered, ")
            .Append($"{imported.Protected} protected, {imported.Invalid} invalid\n");
        foreach (ImportLineDocument line in imported.Results.Where(r => r.Detail is not null))
        {
            text.Append($"line {line.Line}: {line.Result}: {line.Detail}\n");
        }

        return text.ToString();
    }
}
