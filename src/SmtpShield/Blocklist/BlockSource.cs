namespace SmtpShield.Blocklist;

/// <summary>Why an entry exists: the session outcome that added it, or who did.</summary>
internal enum BlockSource : byte
{
    /// <summary>A session ended with a Reject or Drop verdict.</summary>
    Reject,

    /// <summary>A session reached the protocol-error limit (Limits:MaxErrors).</summary>
    Errors,

    /// <summary>Added through the admin API or CLI.</summary>
    Admin,

    /// <summary>Listed in Blocklist:Static; permanent, replaced at every start.</summary>
    Config,

    /// <summary>Kept hitting the per-client connection limits (Limits:LimitRefusalsPerOffence refusals a minute).</summary>
    Limits,
}
