namespace SmtpShield.Dns.Transport;

/// <summary>How one exchange with one server ended.</summary>
internal enum DnsExchangeStatus : byte
{
    /// <summary>A well-formed response to our question.</summary>
    Response,

    /// <summary>A response to our question with TC set: ask again over TCP (RFC 7766 §5).</summary>
    Truncated,

    /// <summary>No response to our question within the timeout.</summary>
    Timeout,

    /// <summary>The socket failed (ICMP unreachable, connection refused or reset, TCP stream ended early).</summary>
    NetworkError,

    /// <summary>A response to our question that could not be decoded.</summary>
    Malformed,
}
