using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Blocklist;

namespace SmtpShield.Admin;

/// <summary>
/// POST /api/v1/blocklist/import: many blocks at once, from text/plain lines (<see cref="ImportLines"/>) or
/// a JSON array of addresses or block objects; ttl, permanent and reason in the query apply to every line
/// that does not say otherwise. Each line gets its own result; a bad line never stops the rest.
/// </summary>
internal sealed partial class BlocklistImport(ClientBlocklist blocklist, IOptions<AdminOptions> options, ILogger<BlocklistImport> logger)
{
    /// <summary>About 50,000 lines: far more than any published drop list; split bigger ones.</summary>
    public const int MaxBody = 1024 * 1024;

    public const string DefaultReason = "imported by an administrator";

    private static readonly string[] s_parameters = ["ttl", "permanent", "reason"];

    public async Task<IResult> ImportAsync(HttpContext context)
    {
        bool json = context.Request.HasJsonContentType();
        if (!json && context.Request.ContentType is { } type && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return ProblemReplies.UnsupportedMediaType("send text/plain lines (one address or prefix per line) or a JSON array (application/json)");
        }

        var errors = new Dictionary<string, string>();
        BlockDefaults defaults = ReadDefaults(context.Request.Query, errors);
        BodyRead body = await RequestBody.ReadAsync(context.Request, MaxBody, context.RequestAborted);
        if (body.Refusal is { } tooLarge)
        {
            return tooLarge;
        }

        List<Line> lines = json ? ReadJson(body.Bytes, defaults, errors) : ReadText(body.Bytes, defaults);
        if (errors.Count > 0)
        {
            return ProblemReplies.Invalid(errors);
        }

        // Each BlockAsync makes its change at once, in order; only the store writes are awaited together.
        string actor = BlocklistApi.Actor(context);
        var outcomes = lines.Select(l => l.Request is { } r ? blocklist.BlockAsync(r.Network, r.Ttl, r.Reason, BlockSource.Admin, actor) : null).ToList();
        await Task.WhenAll(outcomes.OfType<Task<BlockOutcome>>());

        var results = new List<ImportLineDocument>(lines.Count);
        var counts = new Dictionary<string, int> { ["added"] = 0, ["updated"] = 0, ["covered"] = 0, ["protected"] = 0, ["invalid"] = 0 };
        for (int i = 0; i < lines.Count; i++)
        {
            ImportLineDocument result = Describe(lines[i], outcomes[i] is { } done ? await done : null);
            counts[result.Result]++;
            results.Add(result);
        }

        IPEndPoint peer = BlocklistApi.Peer(context);
        LogImported(peer.Address, peer.Port, lines.Count, counts["added"], counts["updated"], counts["covered"], counts["protected"], counts["invalid"]);
        var reply = new ImportDocument(counts["added"], counts["updated"], counts["covered"], counts["protected"], counts["invalid"], results);
        return TypedResults.Json(reply, AdminJsonContext.Wire.ImportDocument);
    }

    private BlockDefaults ReadDefaults(IQueryCollection query, Dictionary<string, string> errors)
    {
        QueryParameters.RefuseUnknown(query, s_parameters, errors);
        bool permanent = QueryParameters.Flag(query, "permanent", errors);
        TimeSpan? ttl = permanent ? null : options.Value.DefaultTtl;
        if (QueryParameters.Single(query, "ttl", errors) is { } ttlText)
        {
            if (permanent)
            {
                errors["permanent"] = "give either ttl=… or permanent=true, not both";
            }
            else if (!DurationText.TryParseTtl(ttlText, out ttl, out string ttlError))
            {
                errors["ttl"] = ttlError;
            }
        }

        if (!BlockRequestReader.TryReadReason(QueryParameters.Single(query, "reason", errors), DefaultReason, out string reason, out string reasonError))
        {
            errors["reason"] = reasonError;
        }

        return new BlockDefaults(ttl, reason);
    }

    private static List<Line> ReadText(ReadOnlyMemory<byte> body, BlockDefaults defaults)
    {
        string text = Encoding.UTF8.GetString(body.Span).TrimStart('\uFEFF');
        return [.. ImportLines.Read(text).Select(line => FromText(line.Line, line.Text, defaults))];
    }

    private static List<Line> ReadJson(ReadOnlyMemory<byte> body, BlockDefaults defaults, Dictionary<string, string> errors)
    {
        if (!BlockRequestReader.TryParseJson(body, out JsonDocument? document, out string jsonError))
        {
            errors["body"] = jsonError;
            return [];
        }

        using (document)
        {
            JsonElement root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                errors["body"] = """must be a JSON array of addresses or blocks, e.g. ["192.0.2.7", {"network": "198.51.100.0/24", "ttl": "2d"}]""";
                return [];
            }

            var lines = new List<Line>();
            int number = 0;
            foreach (JsonElement item in root.EnumerateArray())
            {
                number++;
                lines.Add(ReadItem(number, item, defaults));
            }

            return lines;
        }
    }

    private static Line ReadItem(int number, JsonElement item, BlockDefaults defaults)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            return FromText(number, item.GetString()!, defaults);
        }

        string shown = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("network", out JsonElement n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : TypedText.Show(item.GetRawText());
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new Line(number, shown, null, "must be an address as a string, or an object like a block request");
        }

        var itemErrors = new Dictionary<string, string>();
        return BlockRequestReader.TryRead(item, defaults, itemErrors, out BlockRequest? request)
            ? new Line(number, shown, request, null)
            : new Line(number, shown, null, string.Join("; ", itemErrors.Select(e => $"{e.Key}: {e.Value}")));
    }

    private static Line FromText(int number, string text, BlockDefaults defaults) =>
        NetworkText.TryParse(text, out NetworkKey network, out string error)
            ? new Line(number, text, new BlockRequest(network, defaults.Ttl, defaults.Reason), null)
            : new Line(number, text, null, error);

    private static ImportLineDocument Describe(Line line, BlockOutcome? outcome) => outcome switch
    {
        null => new ImportLineDocument(line.Number, TypedText.Show(line.Text), "invalid", line.Error),
        { Kind: BlockOutcomeKind.Added } => new ImportLineDocument(line.Number, outcome.Entry!.Key.ToString(), "added", null),
        { Kind: BlockOutcomeKind.Updated } => new ImportLineDocument(line.Number, outcome.Entry!.Key.ToString(), "updated", null),
        { Kind: BlockOutcomeKind.CoveredBy } => new ImportLineDocument(line.Number, line.Request!.Network.ToString(), "covered",
            ProblemReplies.CoveredSentence(line.Request.Network, outcome.Entry!)),
        _ => new ImportLineDocument(line.Number, line.Request!.Network.ToString(), "protected",
            ProblemReplies.ProtectedSentence(line.Request.Network, outcome.ProtectedBy!)),
    };

    [LoggerMessage(104, LogLevel.Information,
        "ADMIN [{Client}]:{Port} import {Lines} lines: {Added} added, {Updated} updated, {Covered} covered, {Protected} protected, {Invalid} invalid")]
    private partial void LogImported(IPAddress client, int port, int lines, int added, int updated, int covered, int @protected, int invalid);

    /// <summary>One line of the import: the request it makes, or why it makes none.</summary>
    private sealed record Line(int Number, string Text, BlockRequest? Request, string? Error);
}
