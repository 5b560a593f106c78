namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// The kernel side of the blocklist (shared/ARCHITECTURE.md decision 6): a driver turns batches of
/// changes into one firewall command each. The store stays the source of truth; a driver only mirrors it.
/// </summary>
internal interface IFirewallBlocklist
{
    /// <summary>The driver's name for logs and metrics ("nftables", "ipset", …).</summary>
    string Name { get; }

    /// <summary>True when the kernel drops elements by their own timeout (so they expire even if the daemon dies);
    /// false when the daemon must remove them when they expire.</summary>
    bool ExpiresInKernel { get; }

    /// <summary>Applies the changes, in order, as one command where the tool allows it.</summary>
    Task ApplyAsync(IReadOnlyList<FirewallChange> changes, CancellationToken cancellationToken);

    /// <summary>Makes the kernel hold exactly <paramref name="elements"/> (at start: one batch, not a command per address).</summary>
    Task ReplaceAllAsync(IReadOnlyList<FirewallElement> elements, CancellationToken cancellationToken);
}

/// <summary>A blocked network as the kernel holds it; Timeout null is permanent.</summary>
internal readonly record struct FirewallElement(NetworkKey Network, TimeSpan? Timeout)
{
    /// <summary>The timeout as nft and ipset count it: whole seconds, a fraction rounded up, at least 1; null when permanent.</summary>
    public long? TimeoutSeconds => Timeout is { } timeout ? Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds)) : null;
}

internal enum FirewallChangeKind : byte
{
    Add,
    Remove,
}

/// <summary>Add (or refresh the timeout of) an element, or remove it; either succeeds whether or not it was there.</summary>
internal readonly record struct FirewallChange(FirewallChangeKind Kind, FirewallElement Element)
{
    public static FirewallChange Add(NetworkKey network, TimeSpan? timeout) => new(FirewallChangeKind.Add, new FirewallElement(network, timeout));

    public static FirewallChange Remove(NetworkKey network) => new(FirewallChangeKind.Remove, new FirewallElement(network, null));
}
