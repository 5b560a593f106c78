using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SmtpShield.Admin.Cli;

/// <summary>
/// `smtpshield blocklist list [--source S] [--contains A] [--json]`: every matching entry, newest first, as
/// a table (network, source, expires, hits, reason) or as the API's JSON. Fetches page after page.
/// </summary>
internal static class BlocklistListCommand
{
    private const int PageSize = 1000;

    public static async Task<int> RunAsync(string? configPath, string? source, string? contains, bool json, TextWriter output, TextWriter errorOutput)
    {
        if (!AdminApiClient.TryCreate(configPath, errorOutput, out AdminApiClient? api, out int exitCode))
        {
            return exitCode;
        }

        using (api)
        {
            var entries = new List<EntryDocument>();
            int total;
            do
            {
                var query = new StringBuilder($"/api/v1/blocklist?limit={PageSize}&offset={entries.Count}");
                AppendParameter(query, "source", source);
                AppendParameter(query, "contains", contains);
                ApiCall<EntryListDocument> call = await api!.CallAsync(HttpMethod.Get, query.ToString(), AdminJsonContext.Wire.EntryListDocument);
                if (call.Document is not { } page)
                {
                    return call.ExitCode;
                }

                entries.AddRange(page.Entries);
                total = page.Total;
                if (page.Entries.Count == 0)
                {
                    break;
                }
            }
            while (entries.Count < total);

            await output.WriteAsync(json ? Json(new EntryListDocument(total, 0, entries.Count, entries)) : Table(entries));
            return ExitCodes.Ok;
        }
    }

    /// <summary>The table an admin reads: "in 59m 58s" or "never" for the expiry.</summary>
    public static string Table(IReadOnlyList<EntryDocument> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return "no entries\n";
        }

        var table = new TextTable(new("NETWORK"), new("SOURCE"), new("EXPIRES"), new("HITS", RightAligned: true), new("REASON"));
        foreach (EntryDocument entry in entries)
        {
            string expires = entry.RemainingSeconds is { } seconds ? "in " + DurationText.Format(TimeSpan.FromSeconds(seconds)) : "never";
            table.Add(entry.Network, entry.Source, expires, entry.Hits.ToString(CultureInfo.InvariantCulture), entry.Reason);
        }

        return table.ToString();
    }

    /// <summary>An API document as indented JSON, for --json.</summary>
    public static string Json<T>(T document)
    {
        var options = new JsonSerializerOptions(AdminJsonContext.Wire.Options) { WriteIndented = true };
        return JsonSerializer.Serialize(document, options.GetTypeInfo(typeof(T))) + "\n";
    }

    private static void AppendParameter(StringBuilder query, string name, string? value)
    {
        if (value is not null)
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}
