using System.Text.Json.Serialization;
using SmtpShield.Blocklist;

namespace SmtpShield.Admin;

// The admin API's JSON, as the daemon writes it and the CLI reads it (snake_case, AdminJsonContext).

/// <summary>One blocklist entry. Expires and remaining_seconds are null for a permanent block.</summary>
internal sealed record EntryDocument(
    string Network, string Reason, string Source, DateTime Created, DateTime? Expires, long? RemainingSeconds, long Hits, int Offences)
{
    /// <summary>After an addition: the narrower prefixes the new entry replaced (absent otherwise).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Absorbed { get; init; }

    public static EntryDocument From(BlocklistEntry entry, DateTimeOffset now) => new(
        entry.Key.ToString(),
        entry.Reason,
        BlocklistMetrics.SourceName(entry.Source),
        WholeSeconds(entry.Created),
        entry.Expires is { } expires ? WholeSeconds(expires) : null,
        entry.Remaining(now) is { } left ? (long)Math.Ceiling(left.TotalSeconds) : null,
        entry.Hits,
        entry.Offences);

    private static DateTime WholeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}

/// <summary>A page of entries, newest first; total counts every entry that matched the filters.</summary>
internal sealed record EntryListDocument(int Total, int Offset, int Limit, IReadOnlyList<EntryDocument> Entries);

/// <summary>The body of a block request (POST /api/v1/blocklist); the CLI writes it, the daemon reads it field by field.</summary>
internal sealed record BlockRequestDocument(string Network, long? Ttl, bool? Permanent, string? Reason);

internal sealed record FlushDocument(int Removed);

/// <summary>What an import did, in counts and line by line.</summary>
internal sealed record ImportDocument(int Added, int Updated, int Covered, int Protected, int Invalid, IReadOnlyList<ImportLineDocument> Results);

/// <summary>
/// One line (text/plain; 1-based) or array item (JSON; 1-based) of an import: result is added, updated,
/// covered, protected or invalid; detail says why for the last three.
/// </summary>
internal sealed record ImportLineDocument(int Line, string Network, string Result, string? Detail);

/// <summary>
/// RFC 7807 problem details (application/problem+json). Errors maps a request field (or query parameter)
/// to what is wrong with it; covered_by and protected_by name what a refused block collided with.
/// </summary>
internal sealed record ProblemDocument(string Type, string Title, int Status, string Detail)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Errors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CoveredBy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProtectedBy { get; init; }
}
