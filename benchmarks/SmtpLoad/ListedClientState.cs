namespace SmtpLoad;

/// <summary>Where one listed client of the spam wave is: its envelope sent, its RCPT reply read, and whether the server let go of it.</summary>
internal enum ListedClientState
{
    /// <summary>Waiting for a connect slot, connecting, or between the banner and RCPT.</summary>
    Opening,

    /// <summary>RCPT sent; the reply (stuttered a byte at a time by a tarpit) has not ended yet.</summary>
    AwaitingReply,

    /// <summary>The whole RCPT reply arrived and the connection is still open, held silently as a bot may idle after its 554.</summary>
    Replied,

    /// <summary>No complete RCPT reply within the reply timeout; still connected, no longer read.</summary>
    ReplyTimedOut,

    /// <summary>The server closed (or reset) the connection before the RCPT reply was complete.</summary>
    ClosedBeforeReply,

    /// <summary>After its RCPT reply the server closed the connection, or spoke again (a 421), while it was held.</summary>
    ClosedAfterReply,

    /// <summary>Never got to RCPT: connect refused or timed out, or a bad banner, EHLO reply or early close.</summary>
    Failed,
}
