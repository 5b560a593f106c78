using SmtpShield.Protocol;

namespace SmtpShield.Relay;

/// <summary>
/// The backend side of a handoff failed before the splice: refused, timed out, went away, or answered
/// something that is not SMTP. The client gets a 4xx and keeps its mail; the message is for the log.
/// </summary>
internal sealed class BackendException : Exception
{
    public BackendException()
    {
    }

    public BackendException(string message)
        : base(message)
    {
    }

    public BackendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BackendException(string message, ParsedReply reply)
        : base($"{message}: {reply}")
    {
        Reply = reply;
    }

    /// <summary>The backend's reply that ended the handoff, when there was one.</summary>
    public ParsedReply? Reply { get; }

    /// <summary>True when no reply came in time: the client is told 421 and the session ends.</summary>
    public bool IsTimeout { get; init; }

    /// <summary>
    /// The backend refused a value the client supplied (its HELO in XCLIENT or EHLO): the client gets the
    /// backend's reply, and the backend is not counted as failing.
    /// </summary>
    public bool IsClientCaused { get; init; }

    /// <summary>
    /// The backend's reply is the client's answer (it refused the client's HELO). False for XCLIENT's 501:
    /// that can be the backend's configuration (an IPv6 ADDR with inet_protocols = ipv4), so the client
    /// gets a 4xx and retries while the admin reads the log.
    /// </summary>
    public bool ForwardReply { get; init; }
}
