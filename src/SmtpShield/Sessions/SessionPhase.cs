namespace SmtpShield.Sessions;

/// <summary>Where a session is in the dialogue, for the admin API and the session log line.</summary>
internal enum SessionPhase : byte
{
    /// <summary>Banner sent; no HELO/EHLO yet.</summary>
    Connected,

    /// <summary>HELO or EHLO accepted; no transaction.</summary>
    Greeted,

    /// <summary>MAIL accepted.</summary>
    Mail,

    /// <summary>At least one RCPT seen.</summary>
    Rcpt,

    /// <summary>QUIT or a 421 sent; closing.</summary>
    Closing,
}
