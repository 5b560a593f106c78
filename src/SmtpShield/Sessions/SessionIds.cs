using System.Globalization;

namespace SmtpShield.Sessions;

/// <summary>
/// Short session ids for log correlation (later also sent to the backend as XFORWARD IDENT). The
/// process start time as prefix keeps them unique across restarts, like Postfix queue ids.
/// </summary>
internal static class SessionIds
{
    private static readonly string s_prefix = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() & 0xFFFFFFF).ToString("X7", CultureInfo.InvariantCulture);
    private static long s_next;

    public static string Next() => s_prefix + Interlocked.Increment(ref s_next).ToString("X5", CultureInfo.InvariantCulture);
}
