namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// What a driver without kernel timeouts (iptables rules, blackhole routes) has put into the kernel, and
/// how the next batch reaches it: incrementally, deleting only what is there and adding only what is
/// not (both tools fail on a delete of something missing, and iptables would duplicate a rule); or, at
/// start and whenever the kernel may disagree (a failed batch, an edit from outside), by rebuilding
/// everything. Pure; not thread-safe (the batcher applies one batch at a time).
/// </summary>
internal sealed class InstalledBlocks
{
    private HashSet<NetworkKey> _installed = [];
    private bool _inDoubt = true;

    public IReadOnlySet<NetworkKey> Installed => _installed;

    /// <summary>True until a rebuild has succeeded, and again after any failure: what the kernel holds is not known.</summary>
    public bool InDoubt => _inDoubt;

    /// <summary>The plan for <paramref name="changes"/>: a refresh of an installed block is nothing to do (no timeouts).</summary>
    public InstallPlan Plan(IReadOnlyList<FirewallChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var wanted = new HashSet<NetworkKey>(_installed);
        var added = new List<NetworkKey>();
        var removed = new List<NetworkKey>();
        foreach (FirewallChange change in changes)
        {
            NetworkKey network = change.Element.Network;
            if (change.Kind == FirewallChangeKind.Add)
            {
                if (wanted.Add(network))
                {
                    added.Add(network);
                }
            }
            else if (wanted.Remove(network) && !added.Remove(network))
            {
                removed.Add(network);
            }
        }

        return _inDoubt ? InstallPlan.Rebuild(wanted) : new InstallPlan(InstallKind.Incremental, added, removed, wanted);
    }

    /// <summary>The plan that makes the kernel hold exactly <paramref name="elements"/>.</summary>
    public static InstallPlan Replace(IEnumerable<FirewallElement> elements) =>
        InstallPlan.Rebuild(elements.Select(e => e.Network).ToHashSet());

    /// <summary>After <paramref name="failed"/> failed incrementally, the kernel is rebuilt to what it wanted.</summary>
    public static InstallPlan Fallback(InstallPlan failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return InstallPlan.Rebuild(failed.Wanted);
    }

    public void Succeeded(InstallPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _installed = [.. plan.Wanted];
        _inDoubt = false;
    }

    /// <summary>The blocks are still wanted; the next batch rebuilds, whatever it holds.</summary>
    public void Failed(InstallPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _installed = [.. plan.Wanted];
        _inDoubt = true;
    }
}

internal enum InstallKind : byte
{
    /// <summary>Delete <see cref="InstallPlan.Removed"/>, add <see cref="InstallPlan.Added"/>, touch nothing else.</summary>
    Incremental,

    /// <summary>Empty SmtpShield's part of the kernel and add all of <see cref="InstallPlan.Wanted"/>.</summary>
    Rebuild,
}

/// <summary>What one batch does to the kernel, and what the kernel holds once it has.</summary>
internal sealed record InstallPlan(InstallKind Kind, IReadOnlyList<NetworkKey> Added, IReadOnlyList<NetworkKey> Removed, IReadOnlySet<NetworkKey> Wanted)
{
    public bool IsEmpty => Kind == InstallKind.Incremental && Added.Count == 0 && Removed.Count == 0;

    public static InstallPlan Rebuild(IReadOnlySet<NetworkKey> wanted) => new(InstallKind.Rebuild, [], [], wanted);
}
