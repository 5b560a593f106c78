using System.Text.Json;
using SmtpShield.Blocklist;

namespace SmtpShield.Admin;

/// <summary>A validated request to block: what, for how long (null: permanent), and why.</summary>
internal sealed record BlockRequest(NetworkKey Network, TimeSpan? Ttl, string Reason);

/// <summary>What a block gets when the request leaves ttl or reason out (Admin:DefaultTtl; the import's query).</summary>
internal readonly record struct BlockDefaults(TimeSpan? Ttl, string Reason);

/// <summary>
/// Reads a block request's JSON object field by field ({"network": …, "ttl": "1h" | 3600 | null,
/// "permanent": true, "reason": "…"}), so each mistake is reported with its field, all at once, in an
/// admin's words; unknown fields are errors (a typo must not silently become a default). Pure.
/// </summary>
internal static class BlockRequestReader
{
    /// <summary>Reasons end up in a 521 reply line and the log: one short line.</summary>
    public const int MaxReasonLength = 200;

    public const string DefaultReason = "added by an administrator";

    private static readonly string[] s_fields = ["network", "ttl", "permanent", "reason"];

    /// <summary>The body as a JSON document, or a sentence saying where it stops being JSON.</summary>
    public static bool TryParseJson(ReadOnlyMemory<byte> body, out JsonDocument? document, out string error)
    {
        error = string.Empty;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            return true;
        }
        catch (JsonException e)
        {
            document = null;
            error = $"the body is not valid JSON: {e.Message}";
            return false;
        }
    }

    public static bool TryRead(JsonElement body, BlockDefaults defaults, Dictionary<string, string> errors, out BlockRequest? request)
    {
        ArgumentNullException.ThrowIfNull(errors);
        request = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = """must be a JSON object, e.g. {"network": "192.0.2.7", "ttl": "1h", "reason": "spam run"}""";
            return false;
        }

        int before = errors.Count;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        JsonElement? network = null, ttl = null, permanent = null, reason = null;
        foreach (JsonProperty property in body.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                errors[property.Name] = "is given twice";
                continue;
            }

            switch (property.Name)
            {
                case "network": network = property.Value; break;
                case "ttl": ttl = property.Value; break;
                case "permanent": permanent = property.Value; break;
                case "reason": reason = property.Value; break;
                default:
                    errors[TypedText.Show(property.Name)] = $"unknown field (known: {string.Join(", ", s_fields)})";
                    break;
            }
        }

        NetworkKey key = default;
        if (network is not { ValueKind: JsonValueKind.String } text)
        {
            errors.TryAdd("network", network is null ? "is required (e.g. \"192.0.2.7\" or \"198.51.100.0/24\")" : "must be a string such as \"192.0.2.7\"");
        }
        else if (!NetworkText.TryParse(text.GetString(), out key, out string networkError))
        {
            errors.TryAdd("network", networkError);
        }

        bool isPermanent = false;
        if (permanent is { } p && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.TryAdd("permanent", "must be true or false");
            }

            isPermanent = p.ValueKind == JsonValueKind.True;
        }

        TimeSpan? lifetime = isPermanent ? null : defaults.Ttl;
        if (ttl is { ValueKind: not JsonValueKind.Null } given)
        {
            if (isPermanent)
            {
                errors.TryAdd("permanent", "give either a ttl or \"permanent\": true, not both");
            }
            else if (!TryReadTtl(given, out lifetime, out string ttlError))
            {
                errors.TryAdd("ttl", ttlError);
            }
        }

        string why = defaults.Reason;
        if (reason is { ValueKind: not JsonValueKind.Null } r)
        {
            if (r.ValueKind != JsonValueKind.String)
            {
                errors.TryAdd("reason", "must be a string");
            }
            else if (!TryReadReason(r.GetString(), defaults.Reason, out why, out string reasonError))
            {
                errors.TryAdd("reason", reasonError);
            }
        }

        if (errors.Count > before)
        {
            return false;
        }

        request = new BlockRequest(key, lifetime, why);
        return true;
    }

    /// <summary>A ttl given as whole seconds (3600) or as text ("1h", "01:00:00", "permanent").</summary>
    public static bool TryReadTtl(JsonElement ttl, out TimeSpan? value, out string error)
    {
        value = null;
        switch (ttl.ValueKind)
        {
            case JsonValueKind.Number when ttl.TryGetInt64(out long seconds):
                return DurationText.TryFromSeconds(seconds, out value, out error);
            case JsonValueKind.Number:
                error = $"must be whole seconds (got {TypedText.Show(ttl.GetRawText())})";
                return false;
            case JsonValueKind.String:
                return DurationText.TryParseTtl(ttl.GetString(), out value, out error);
            default:
                error = $"must be seconds or a duration ({DurationText.Examples})";
                return false;
        }
    }

    /// <summary>Empty or absent: <paramref name="fallback"/>. Otherwise one line of at most <see cref="MaxReasonLength"/> characters.</summary>
    public static bool TryReadReason(string? text, string fallback, out string reason, out string error)
    {
        error = string.Empty;
        reason = string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();
        if (reason.Length > MaxReasonLength)
        {
            error = $"is {reason.Length} characters long; at most {MaxReasonLength}";
            return false;
        }

        if (reason.Any(char.IsControl))
        {
            error = "must be one line without control characters (it is quoted in the 521 reply)";
            return false;
        }

        return true;
    }
}
