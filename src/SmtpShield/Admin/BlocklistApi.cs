using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Blocklist;

namespace SmtpShield.Admin;

/// <summary>
/// /api/v1/blocklist: list, show, add, remove and flush entries of <see cref="ClientBlocklist"/>. Every
/// request is read by hand into values or a problem (never a 500 for bad input); every change is logged
/// in one ADMIN line and made with source admin and the peer as actor.
/// </summary>
internal sealed partial class BlocklistApi(ClientBlocklist blocklist, IOptions<AdminOptions> options, TimeProvider time, ILogger<BlocklistApi> logger)
{
    /// <summary>A block request is one small JSON object.</summary>
    public const int MaxBlockBody = 16 * 1024;

    private static readonly string[] s_deleteParameters = ["network", "all", "source"];

    public IResult List(HttpContext context)
    {
        var errors = new Dictionary<string, string>();
        if (!BlocklistQuery.TryParse(context.Request.Query, errors, out BlocklistQuery query))
        {
            return ProblemReplies.Invalid(errors);
        }

        (int total, List<BlocklistEntry> page) = query.Select(blocklist.ActiveEntries());
        DateTimeOffset now = time.GetUtcNow();
        var reply = new EntryListDocument(total, query.Offset, query.Limit, [.. page.Select(e => EntryDocument.From(e, now))]);
        return TypedResults.Json(reply, AdminJsonContext.Wire.EntryListDocument);
    }

    /// <summary>GET /api/v1/blocklist/{network}: exactly that entry.</summary>
    public IResult Show(HttpContext context, string network)
    {
        if (!TryReadRouteNetwork(context, network, out NetworkKey key, out IResult? problem))
        {
            return problem;
        }

        DateTimeOffset now = time.GetUtcNow();
        return blocklist.Get(key) is { } entry && entry.IsActive(now)
            ? TypedResults.Json(EntryDocument.From(entry, now), AdminJsonContext.Wire.EntryDocument)
            : NotListed(key);
    }

    /// <summary>POST /api/v1/blocklist: 201 with the new entry, 200 when an entry for that network was replaced.</summary>
    public async Task<IResult> AddAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            return ProblemReplies.UnsupportedMediaType("send the block as JSON, with Content-Type: application/json");
        }

        var errors = new Dictionary<string, string>();
        QueryParameters.RefuseUnknown(context.Request.Query, [], errors);
        BodyRead body = await RequestBody.ReadAsync(context.Request, MaxBlockBody, context.RequestAborted);
        if (body.Refusal is { } tooLarge)
        {
            return tooLarge;
        }

        if (!BlockRequestReader.TryParseJson(body.Bytes, out JsonDocument? document, out string jsonError))
        {
            errors["body"] = jsonError;
            return ProblemReplies.Invalid(errors);
        }

        BlockRequest? request;
        using (document)
        {
            var defaults = new BlockDefaults(options.Value.DefaultTtl, BlockRequestReader.DefaultReason);
            if (!BlockRequestReader.TryRead(document!.RootElement, defaults, errors, out request) || errors.Count > 0)
            {
                return ProblemReplies.Invalid(errors);
            }
        }

        BlockOutcome outcome = await blocklist.BlockAsync(request!.Network, request.Ttl, request.Reason, BlockSource.Admin, Actor(context));
        IPEndPoint peer = Peer(context);
        switch (outcome.Kind)
        {
            case BlockOutcomeKind.Added or BlockOutcomeKind.Updated:
                BlocklistEntry entry = outcome.Entry!;
                LogBlocked(peer.Address, peer.Port, entry.Key.ToString(), request.Ttl is { } ttl ? "for " + DurationText.Format(ttl) : "permanently",
                    outcome.Kind == BlockOutcomeKind.Added ? "added" : "updated", entry.Reason);
                EntryDocument reply = EntryDocument.From(entry, time.GetUtcNow()) with
                {
                    Absorbed = outcome.Absorbed is { Count: > 0 } absorbed ? [.. absorbed.Select(a => a.Key.ToString())] : null,
                };
                if (outcome.Kind == BlockOutcomeKind.Added)
                {
                    context.Response.Headers.Location = EntryPath(entry.Key);
                }

                return TypedResults.Json(reply, AdminJsonContext.Wire.EntryDocument,
                    statusCode: outcome.Kind == BlockOutcomeKind.Added ? StatusCodes.Status201Created : StatusCodes.Status200OK);
            case BlockOutcomeKind.Protected:
                LogBlockRefused(peer.Address, peer.Port, request.Network.ToString(), ProblemReplies.ProtectedSentence(request.Network, outcome.ProtectedBy!));
                return ProblemReplies.Protected(request.Network, outcome.ProtectedBy!);
            case BlockOutcomeKind.CoveredBy:
                LogBlockRefused(peer.Address, peer.Port, request.Network.ToString(), ProblemReplies.CoveredSentence(request.Network, outcome.Entry!));
                return ProblemReplies.Covered(request.Network, outcome.Entry!);
            default:
                throw new InvalidOperationException($"BlockAsync answered {outcome.Kind} to an admin block.");
        }
    }

    /// <summary>DELETE /api/v1/blocklist/{network}: 204, or 404 saying what covers it instead.</summary>
    public async Task<IResult> RemoveAsync(HttpContext context, string network) =>
        TryReadRouteNetwork(context, network, out NetworkKey key, out IResult? problem) ? await UnblockAsync(context, key) : problem;

    /// <summary>DELETE /api/v1/blocklist?network=… (one entry) or ?all=true[&amp;source=…] (a flush).</summary>
    public async Task<IResult> RemoveByQueryAsync(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        var errors = new Dictionary<string, string>();
        QueryParameters.RefuseUnknown(query, s_deleteParameters, errors);
        NetworkKey? network = QueryParameters.Network(query, "network", errors);
        bool all = QueryParameters.Flag(query, "all", errors);
        BlockSource? source = QueryParameters.Source(query, errors);
        bool sourceGiven = query.ContainsKey("source");
        if (network is not null && (all || sourceGiven))
        {
            errors["network"] = "give either network=… (one entry) or all=true[&source=…] (a flush), not both";
        }
        else if (network is null && !all && !errors.ContainsKey("network") && !errors.ContainsKey("all"))
        {
            errors[sourceGiven ? "all" : "network"] = sourceGiven
                ? "a flush needs all=true as well (DELETE /api/v1/blocklist?all=true&source=…)"
                : "give network=… to remove one entry, or all=true[&source=…] to flush";
        }

        if (errors.Count > 0)
        {
            return ProblemReplies.Invalid(errors);
        }

        if (network is { } key)
        {
            return await UnblockAsync(context, key);
        }

        int removed = await blocklist.FlushAsync(source, Actor(context));
        IPEndPoint peer = Peer(context);
        LogFlushed(peer.Address, peer.Port, source is { } s ? BlocklistMetrics.SourceName(s) : "any", removed);
        return TypedResults.Json(new FlushDocument(removed), AdminJsonContext.Wire.FlushDocument);
    }

    /// <summary>Where an entry can be shown and removed: the network escaped into one path segment.</summary>
    public static string EntryPath(NetworkKey network) => "/api/v1/blocklist/" + Uri.EscapeDataString(network.ToString());

    internal static string Actor(HttpContext context) => $"admin-api {Peer(context).Address}";

    internal static IPEndPoint Peer(HttpContext context) =>
        new(context.Connection.RemoteIpAddress ?? IPAddress.None, context.Connection.RemotePort);

    private async Task<IResult> UnblockAsync(HttpContext context, NetworkKey network)
    {
        BlocklistEntry? removed = await blocklist.UnblockAsync(network, Actor(context));
        IPEndPoint peer = Peer(context);
        LogUnblocked(peer.Address, peer.Port, network.ToString(), removed is null ? "not listed" : "removed");
        return removed is null ? NotListed(network) : TypedResults.NoContent();
    }

    // Kestrel leaves %2F undecoded in the path, so "198.51.100.0%2F24" arrives as typed; the route's
    // catch-all takes a raw slash as well ("198.51.100.0/24").
    private static bool TryReadRouteNetwork(HttpContext context, string text, out NetworkKey network, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? problem)
    {
        var errors = new Dictionary<string, string>();
        QueryParameters.RefuseUnknown(context.Request.Query, [], errors);
        if (!NetworkText.TryParse(Uri.UnescapeDataString(text), out network, out string error))
        {
            errors["network"] = error;
        }

        problem = errors.Count > 0 ? ProblemReplies.Invalid(errors) : null;
        return problem is null;
    }

    // 404 that says what does block it, or what lies inside it, so the admin's next command is obvious.
    private IResult NotListed(NetworkKey network)
    {
        List<BlocklistEntry> active = blocklist.ActiveEntries();
        BlocklistEntry? covering = active
            .Where(e => e.Key != network && e.Key.Contains(network))
            .OrderByDescending(e => e.Key.Length)
            .FirstOrDefault();
        if (covering is not null)
        {
            return ProblemReplies.NotListed($"{network} is not listed itself; it is covered by {covering.Key}", covering.Key);
        }

        List<NetworkKey> inside = [.. active.Where(e => e.Key != network && network.Contains(e.Key)).Select(e => e.Key).OrderBy(k => k.Bits).ThenBy(k => k.Length)];
        if (inside.Count > 0)
        {
            string shown = string.Join(", ", inside.Take(3)) + (inside.Count > 3 ? ", …" : string.Empty);
            return ProblemReplies.NotListed($"{network} is not listed itself; {inside.Count} listed {(inside.Count == 1 ? "entry lies" : "entries lie")} inside it: {shown}", null);
        }

        return ProblemReplies.NotListed($"{network} is not listed", null);
    }
}
