namespace SmtpShield.Checks.ReverseDns;

/// <summary>What the reverse DNS of a client says (mox's iprev statuses, RFC 8601 §3.2 "iprev").</summary>
internal enum ReverseDnsStatus : byte
{
    /// <summary>A PTR name resolves back to the client address (forward-confirmed reverse DNS).</summary>
    Confirmed,

    /// <summary>PTR names exist, but none resolves back to the client.</summary>
    Unconfirmed,

    /// <summary>No PTR record (NXDOMAIN or no data).</summary>
    Missing,

    /// <summary>A lookup failed for now (timeout, SERVFAIL).</summary>
    TemporaryError,

    /// <summary>A lookup failed for good (REFUSED, malformed answer).</summary>
    PermanentError,
}
