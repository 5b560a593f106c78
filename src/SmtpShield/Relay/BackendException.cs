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
}
