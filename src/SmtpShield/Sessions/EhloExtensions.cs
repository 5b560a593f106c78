using System.Globalization;

namespace SmtpShield.Sessions;

/// <summary>
/// The ESMTP extensions SmtpShield itself can honour up to RCPT TO. CHUNKING is left out: BDAT
/// follows RCPT, so only a backend could serve it (the Relay issue advertises the intersection).
/// </summary>
internal static class EhloExtensions
{
    public static IEnumerable<string> Advertised(SessionLimits limits, bool offerStartTls)
    {
        yield return "PIPELINING"; // RFC 2920
        yield return "SIZE " + limits.MaxMessageSize.ToString(CultureInfo.InvariantCulture); // RFC 1870
        if (offerStartTls)
        {
            yield return "STARTTLS"; // RFC 3207
        }

        yield return "ENHANCEDSTATUSCODES"; // RFC 2034
        yield return "8BITMIME"; // RFC 6152
        yield return "DSN"; // RFC 3461
        yield return "SMTPUTF8"; // RFC 6531
    }
}
