using System.Globalization;

namespace SmtpShield.Admin;

/// <summary>
/// Block lifetimes as admins write them, for the API's "ttl" and the CLI's --ttl: "90s", "10m", "1h",
/// "2d", "1w", run together ("1h30m"), plain seconds ("3600"), .NET's "[d.]hh:mm:ss" (the configuration's
/// form), or "permanent". And the other way: "2h 5m" for what is left of a block.
/// </summary>
internal static class DurationText
{
    public const string Permanent = "permanent";

    /// <summary>The longest block that is not permanent: ten years, past which "permanent" says what is meant.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(3650);

    public const string Examples = "e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent";

    /// <summary>
    /// Parses a block lifetime; <paramref name="ttl"/> is null for "permanent". A zero, negative or over-long
    /// lifetime is refused with a sentence in <paramref name="error"/>.
    /// </summary>
    public static bool TryParseTtl(string? text, out TimeSpan? ttl, out string error)
    {
        ttl = null;
        error = string.Empty;
        string trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = $"the ttl is empty ({Examples})";
            return false;
        }

        if (trimmed.Equals(Permanent, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!TryParseDuration(trimmed, out TimeSpan value))
        {
            error = $"{Shown(trimmed)} is not a duration ({Examples})";
            return false;
        }

        return TryCheck(value, trimmed, out ttl, out error);
    }

    /// <summary>A lifetime given as a number of seconds (the API's "ttl": 3600).</summary>
    public static bool TryFromSeconds(long seconds, out TimeSpan? ttl, out string error)
    {
        ttl = null;
        if (seconds > (long)Maximum.TotalSeconds)
        {
            error = $"a ttl of {seconds} seconds is longer than the maximum of {Format(Maximum)}; use permanent for a block that never ends";
            return false;
        }

        // Whole seconds only from here on: a huge negative number would overflow TimeSpan.
        return TryCheck(TimeSpan.FromSeconds(Math.Max(seconds, -1)), $"{seconds} seconds", out ttl, out error);
    }

    private static bool TryCheck(TimeSpan value, string shown, out TimeSpan? ttl, out string error)
    {
        ttl = null;
        error = string.Empty;
        if (value <= TimeSpan.Zero)
        {
            error = $"the ttl must be longer than zero (got {Shown(shown)}; {Examples})";
            return false;
        }

        if (value > Maximum)
        {
            error = $"a ttl of {Shown(shown)} is longer than the maximum of {Format(Maximum)}; use permanent for a block that never ends";
            return false;
        }

        ttl = value;
        return true;
    }

    private static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        bool negative = text.StartsWith('-');
        string body = negative ? text[1..] : text;
        if (body.Contains(':', StringComparison.Ordinal))
        {
            if (!TimeSpan.TryParseExact(body, "c", CultureInfo.InvariantCulture, out value))
            {
                return false;
            }

            value = negative ? -value : value;
            return true;
        }

        // Plain seconds (TimeSpan.Parse would read "10" as ten days), or digits and a unit, repeated,
        // each unit at most once and largest first: "1d12h", "90s", "1w".
        long seconds = 0;
        long previousUnit = long.MaxValue;
        int i = 0;
        while (i < body.Length)
        {
            int start = i;
            while (i < body.Length && char.IsAsciiDigit(body[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            long unit = i == body.Length ? (start == 0 ? 1 : 0) : UnitSeconds(body[i]);
            if (unit == 0 || unit >= previousUnit)
            {
                return false;
            }

            // Saturates: an absurd number is "too long", not "not a duration".
            long count = i - start > 12 ? SaturatedSeconds : long.Parse(body.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            seconds = Math.Min(SaturatedSeconds, seconds + Math.Min(SaturatedSeconds / unit, count) * unit);
            previousUnit = unit;
            i++;
        }

        if (body.Length == 0)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(negative ? -seconds : seconds);
        return true;
    }

    // Far beyond Maximum, far below TimeSpan's limit.
    private const long SaturatedSeconds = 1L << 36;

    private static long UnitSeconds(char unit) => char.ToLowerInvariant(unit) switch
    {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86400,
        'w' => 604800,
        _ => 0,
    };

    /// <summary>The two largest units of <paramref name="duration"/>, rounded up to whole seconds: "2d 3h", "1h 5m", "42s".</summary>
    public static string Format(TimeSpan duration)
    {
        long seconds = (long)Math.Ceiling(Math.Max(0, duration.TotalSeconds));
        long[] counts = [seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60, seconds % 60];
        ReadOnlySpan<char> names = ['d', 'h', 'm', 's'];
        int first = Array.FindIndex(counts, c => c > 0);
        if (first < 0)
        {
            return "0s";
        }

        string text = $"{counts[first]}{names[first]}";
        return first + 1 < counts.Length && counts[first + 1] > 0 ? $"{text} {counts[first + 1]}{names[first + 1]}" : text;
    }

    private static string Shown(string text) => $"'{TypedText.Show(text)}'";
}
