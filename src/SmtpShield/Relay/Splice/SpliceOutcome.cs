namespace SmtpShield.Relay.Splice;

/// <summary>How a splice ended; logged on the session's DISCONNECT line.</summary>
internal enum SpliceOutcome : byte
{
    /// <summary>The client closed its side (usually after QUIT); the backend's last replies were passed on.</summary>
    ClientClosed,

    /// <summary>The backend closed its side (usually after 221).</summary>
    BackendClosed,

    /// <summary>The client's connection broke (reset, TLS error).</summary>
    ClientFailed,

    /// <summary>The backend's connection broke or it stopped speaking SMTP: the client's connection is closed without a reply.</summary>
    BackendFailed,

    /// <summary>The idle timeout, the maximum duration or a shutdown cut the session.</summary>
    Interrupted,

    /// <summary>
    /// Identity "none": the client sent a command SmtpShield and the backend could read differently (a bare
    /// CR or LF, a NUL, an endless line), or the backend's replies stopped matching the commands.
    /// </summary>
    ProtocolViolation,
}
