namespace SmtpShield.Blocklist.Store;

/// <summary>One change to the store; a list of them is written in one transaction.</summary>
internal abstract record StoreChange;

internal sealed record SaveEntry(BlocklistEntry Entry) : StoreChange;

internal sealed record DeleteEntry(NetworkKey Key) : StoreChange;

internal sealed record SaveOffender(OffenderRecord Offender) : StoreChange;

internal sealed record DeleteOffender(NetworkKey Key) : StoreChange;

internal sealed record SaveHits(NetworkKey Key, long Hits) : StoreChange;

/// <summary>Who changed what, when: every change to the entries leaves one (action: add, update, remove, expire, flush, absorb).</summary>
internal sealed record AuditEvent(DateTimeOffset At, string Actor, string Action, NetworkKey Network, string Detail) : StoreChange;

/// <summary>A callout result remembered until <see cref="Expires"/> (Callouts/CalloutCache): an address's, or a domain's ("domain:…").</summary>
internal sealed record CachedCallout(string Key, Callouts.CalloutOutcome Outcome, string Detail, DateTimeOffset Expires);

internal sealed record SaveCallout(CachedCallout Callout) : StoreChange;

/// <summary>Removes every callout record that expired before <see cref="Before"/>.</summary>
internal sealed record PurgeCallouts(DateTimeOffset Before) : StoreChange;
