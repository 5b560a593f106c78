using System.Globalization;

namespace SmtpShield.Sessions;

/// <summary>
/// The ESMTP extensions offered to clients: SmtpShield's own, narrowed by the Relay to what every backend
/// also supports (shared/INTEGRATION.md §2), because after the handoff the backend answers the client.
/// CHUNKING is never offered: BDAT chunks follow RCPT, and SmtpShield does not serve them itself.
/// </summary>
internal sealed record ExtensionSet(long MaxMessageSize, bool Pipelining, bool EightBitMime, bool Dsn, bool SmtpUtf8, bool EnhancedStatusCodes)
{
    /// <summary>Everything SmtpShield can honour up to RCPT TO.</summary>
    public static ExtensionSet Own(SessionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new(limits.MaxMessageSize, Pipelining: true, EightBitMime: true, Dsn: true, SmtpUtf8: true, EnhancedStatusCodes: true);
    }

    public IEnumerable<string> Keywords(bool offerStartTls)
    {
        if (Pipelining)
        {
            yield return "PIPELINING"; // RFC 2920
        }

        yield return "SIZE " + MaxMessageSize.ToString(CultureInfo.InvariantCulture); // RFC 1870
        if (offerStartTls)
        {
            yield return "STARTTLS"; // RFC 3207: always SmtpShield's own
        }

        if (EnhancedStatusCodes)
        {
            yield return "ENHANCEDSTATUSCODES"; // RFC 2034
        }

        if (EightBitMime)
        {
            yield return "8BITMIME"; // RFC 6152
        }

        if (Dsn)
        {
            yield return "DSN"; // RFC 3461
        }

        if (SmtpUtf8)
        {
            yield return "SMTPUTF8"; // RFC 6531
        }
    }
}
