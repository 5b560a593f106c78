using SmtpShield.Sessions;

namespace SmtpShield.Relay;

/// <summary>
/// What to offer clients, given what the backends offer: an extension only if every backend a session
/// may land on has it, SIZE the smallest limit (shared/INTEGRATION.md §2; Postfix SMTPD_PROXY_README).
/// ENHANCEDSTATUSCODES too: once offered, RFC 2034 requires enhanced codes on every reply, and the
/// backend's spliced replies are the client's replies.
/// </summary>
internal static class CapabilityIntersection
{
    public static ExtensionSet Compute(ExtensionSet own, IReadOnlyCollection<BackendCapabilities> backends)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(backends);
        if (backends.Count == 0)
        {
            return own;
        }

        long size = own.MaxMessageSize;
        foreach (BackendCapabilities backend in backends)
        {
            if (backend.SizeLimit is > 0 and long limit && (size == 0 || limit < size))
            {
                size = limit;
            }
        }

        bool All(string keyword) => backends.All(b => b.Has(keyword));
        return new ExtensionSet(
            size,
            own.Pipelining && All("PIPELINING"),
            own.EightBitMime && All("8BITMIME"),
            own.Dsn && All("DSN"),
            own.SmtpUtf8 && All("SMTPUTF8"),
            own.EnhancedStatusCodes && All("ENHANCEDSTATUSCODES"));
    }
}
