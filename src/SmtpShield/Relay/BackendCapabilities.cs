using System.Globalization;
using SmtpShield.Protocol;

namespace SmtpShield.Relay;

/// <summary>
/// A backend's EHLO keywords (RFC 5321 §4.1.1.1: one per line after the first, keyword then parameters),
/// as probed at start and periodically, and again in every handoff.
/// </summary>
internal sealed class BackendCapabilities
{
    private readonly Dictionary<string, string> _keywords;

    private BackendCapabilities(Dictionary<string, string> keywords)
    {
        _keywords = keywords;
        XclientAttributes = keywords.TryGetValue("XCLIENT", out string? attributes)
            ? new HashSet<string>(attributes.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (keywords.TryGetValue("SIZE", out string? size))
        {
            // "SIZE" alone (Courier) or "SIZE 0" means no fixed limit (RFC 1870 §4).
            SizeLimit = long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out long limit) ? limit : 0;
        }
    }

    public IReadOnlyCollection<string> Keywords => _keywords.Keys;

    /// <summary>The SIZE limit: null without SIZE, 0 for "no fixed limit".</summary>
    public long? SizeLimit { get; }

    /// <summary>The attributes listed after the XCLIENT keyword (empty without XCLIENT).</summary>
    public IReadOnlySet<string> XclientAttributes { get; }

    public bool Has(string keyword) => _keywords.ContainsKey(keyword);

    public static BackendCapabilities FromEhlo(ParsedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var keywords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in reply.Lines.Skip(1))
        {
            // "KEYWORD params", or the old "KEYWORD=params" form (AUTH=LOGIN, Courier's XVERP=Courier).
            string trimmed = line.Trim();
            int space = trimmed.IndexOfAny([' ', '=']);
            string keyword = space < 0 ? trimmed : trimmed[..space];
            if (keyword.Length > 0)
            {
                keywords.TryAdd(keyword, space < 0 ? string.Empty : trimmed[(space + 1)..].Trim());
            }
        }

        return new BackendCapabilities(keywords);
    }

    public override string ToString() => string.Join(' ', _keywords.Keys);
}
