namespace SmtpShield.Blocklist;

/// <summary>What became of a request to block: a value the API and CLI turn into a status and a sentence.</summary>
internal sealed record BlockOutcome(BlockOutcomeKind Kind, BlocklistEntry? Entry = null, ProtectedNetwork? ProtectedBy = null, IReadOnlyList<BlocklistEntry>? Absorbed = null)
{
    public bool IsBlocked => Kind is BlockOutcomeKind.Added or BlockOutcomeKind.Updated or BlockOutcomeKind.CoveredBy;
}

internal enum BlockOutcomeKind : byte
{
    /// <summary>A new entry.</summary>
    Added,

    /// <summary>An entry for that exact network existed and was replaced (new expiry, reason).</summary>
    Updated,

    /// <summary>Refused: the network overlaps one that may never be blocked.</summary>
    Protected,

    /// <summary>Nothing added: a wider prefix entry already blocks all of it (Entry is that prefix).</summary>
    CoveredBy,

    /// <summary>Automatic blocking is off (Blocklist:Automatic false).</summary>
    Disabled,
}
