using System.Globalization;
using Microsoft.AspNetCore.Http;
using SmtpShield.Blocklist;

namespace SmtpShield.Admin;

/// <summary>
/// Reads the admin API's query parameters, adding one sentence per bad parameter to an errors map
/// instead of stopping at the first: unknown names, repeats, and values that do not parse.
/// </summary>
internal static class QueryParameters
{
    /// <summary>Each parameter not in <paramref name="known"/> is an error (a typo must not be ignored).</summary>
    public static void RefuseUnknown(IQueryCollection query, string[] known, Dictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (string name in query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            errors[TypedText.Show(name)] = $"unknown query parameter (known: {string.Join(", ", known)})";
        }
    }

    /// <summary>The one value of <paramref name="name"/>, null when absent; given twice is an error.</summary>
    public static string? Single(IQueryCollection query, string name, Dictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            errors[name] = "is given more than once";
            return null;
        }

        return values[0];
    }

    /// <summary>source: one of reject, errors, limits, admin, config (null when absent).</summary>
    public static BlockSource? Source(IQueryCollection query, Dictionary<string, string> errors)
    {
        if (Single(query, "source", errors) is not { } text)
        {
            return null;
        }

        foreach (BlockSource source in Enum.GetValues<BlockSource>())
        {
            if (BlocklistMetrics.SourceName(source).Equals(text, StringComparison.OrdinalIgnoreCase))
            {
                return source;
            }
        }

        errors["source"] = $"{TypedText.Show(text)} is not a source (reject, errors, limits, admin or config)";
        return null;
    }

    public static NetworkKey? Network(IQueryCollection query, string name, Dictionary<string, string> errors)
    {
        if (Single(query, name, errors) is not { } text)
        {
            return null;
        }

        if (!NetworkText.TryParse(text, out NetworkKey network, out string error))
        {
            errors[name] = error;
            return null;
        }

        return network;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="fallback"/> when absent.</summary>
    public static int Number(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string> errors)
    {
        if (Single(query, name, errors) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            errors[name] = max == int.MaxValue ? $"must be a whole number, {min} or more" : $"must be a whole number from {min} to {max}";
            return fallback;
        }

        return value;
    }

    /// <summary>true or false; false when absent.</summary>
    public static bool Flag(IQueryCollection query, string name, Dictionary<string, string> errors)
    {
        if (Single(query, name, errors) is not { } text)
        {
            return false;
        }

        if (!bool.TryParse(text, out bool value))
        {
            errors[name] = "must be true or false";
        }

        return value;
    }
}
