namespace SmtpShield.Sessions;

/// <summary>Why a session ended; logged on the DISCONNECT line (like Kestrel's ConnectionEndReason).</summary>
internal enum SessionEndReason : byte
{
    /// <summary>Still running.</summary>
    None,

    /// <summary>The client said QUIT.</summary>
    Quit,

    /// <summary>The client closed or reset the connection without QUIT.</summary>
    ClientDisconnected,

    /// <summary>No command within the banner or idle timeout.</summary>
    Timeout,

    /// <summary>The whole dialogue outlasted Limits:SessionTimeout.</summary>
    SessionLifetime,

    /// <summary>Limits:MaxErrors reached.</summary>
    TooManyErrors,

    /// <summary>Limits:MaxCommands reached.</summary>
    TooManyCommands,

    /// <summary>A failed check configured to Drop: 521 and close.</summary>
    Dropped,

    /// <summary>Rejected while Tarpit:MaxTarpitted sessions were being slowed: answered at once and closed.</summary>
    TarpitFull,

    /// <summary>The server is stopping.</summary>
    ShuttingDown,

    /// <summary>The TLS handshake after STARTTLS failed or timed out.</summary>
    TlsHandshakeFailed,

    /// <summary>Spliced to the backend, and the splice ended normally (either side closed).</summary>
    Relayed,

    /// <summary>The backend failed: before the splice (the client got 421), or during it (the connection was closed without a reply).</summary>
    BackendFailed,

    /// <summary>A spliced session exceeded Relay:IdleTimeout or Relay:MaxDuration and was cut.</summary>
    RelayTimeout,

    /// <summary>A followed splice (Identity "none") met a command or reply it could not follow safely, and was cut.</summary>
    ProtocolViolation,

    /// <summary>An I/O error other than a plain disconnect.</summary>
    TransportError,

    /// <summary>A bug: an unexpected exception, logged with its stack.</summary>
    InternalError,
}
