using Microsoft.AspNetCore.Http;
using SmtpShield.Blocklist;

namespace SmtpShield.Admin;

/// <summary>
/// GET /api/v1/blocklist's filters and paging: source (reject, errors, limits, admin, config), contains (an
/// address or prefix: the entries covering it), network (exactly this entry), limit (default 100, at
/// most 1000) and offset.
/// </summary>
internal sealed record BlocklistQuery(BlockSource? Source, NetworkKey? Contains, NetworkKey? Network, int Limit, int Offset)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly string[] s_parameters = ["source", "contains", "network", "limit", "offset"];

    public static bool TryParse(IQueryCollection query, Dictionary<string, string> errors, out BlocklistQuery parsed)
    {
        ArgumentNullException.ThrowIfNull(errors);
        QueryParameters.RefuseUnknown(query, s_parameters, errors);
        parsed = new BlocklistQuery(
            QueryParameters.Source(query, errors),
            QueryParameters.Network(query, "contains", errors),
            QueryParameters.Network(query, "network", errors),
            QueryParameters.Number(query, "limit", DefaultLimit, 1, MaxLimit, errors),
            QueryParameters.Number(query, "offset", 0, 0, int.MaxValue, errors));
        return errors.Count == 0;
    }

    /// <summary>Whether <paramref name="entry"/> passes every filter.</summary>
    public bool Matches(BlocklistEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Source is null || entry.Source == Source)
            && (Contains is not { } inside || entry.Key.Contains(inside))
            && (Network is not { } exact || entry.Key == exact);
    }

    /// <summary>The matching entries, newest first, and this page of them.</summary>
    public (int Total, List<BlocklistEntry> Page) Select(IEnumerable<BlocklistEntry> entries)
    {
        List<BlocklistEntry> matching = [.. entries.Where(Matches).OrderByDescending(e => e.Created).ThenBy(e => e.Key.ToString(), StringComparer.Ordinal)];
        return (matching.Count, [.. matching.Skip(Offset).Take(Limit)]);
    }
}
