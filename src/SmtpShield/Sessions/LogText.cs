using System.Buffers;

namespace SmtpShield.Sessions;

/// <summary>
/// Makes client-supplied text safe for one log line: control characters (CR, LF, NUL, ESC…) become '?'
/// so nobody can forge a line for fail2ban, and long values are cut.
/// </summary>
internal static class LogText
{
    public const int MaxLength = 256;

    private static readonly SearchValues<char> s_unsafe = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 32).Select(c => (char)c)) + "\u007f<>");

    /// <summary>"&lt;value&gt;" (so the null sender shows as "&lt;&gt;"), or "-" when there is no value at all.</summary>
    public static string Bracketed(string? value) => value is null ? "-" : $"<{Sanitize(value)}>";

    public static string Sanitize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value.Length <= MaxLength && !value.AsSpan().ContainsAny(s_unsafe))
        {
            return value;
        }

        ReadOnlySpan<char> text = value.AsSpan(0, Math.Min(value.Length, MaxLength));
        return string.Create(text.Length, value, static (span, source) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                char c = source[i];
                span[i] = s_unsafe.Contains(c) ? '?' : c;
            }
        });
    }
}
