using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging;
using SmtpShield.Blocklist.Firewall;
using SmtpShield.Blocklist.Store;

namespace SmtpShield.Blocklist;

/// <summary>
/// The blocklist (shared/ARCHITECTURE.md decision 2): who is blocked, until when, and why. Every change
/// goes to the in-memory index at once, to the store (the source of truth) through the writer, and to
/// the kernel through the firewall batcher. Reads are lock-free; changes are serialised here.
///
/// Prefix entries never overlap one another (a wider prefix absorbs narrower ones; a narrower one inside
/// a wider one is refused as covered), so interval sets in the kernel never see overlapping elements.
/// Hosts are kept apart from prefixes, in sets of their own.
/// </summary>
internal sealed partial class ClientBlocklist
{
    private readonly Lock _gate = new();
    private readonly BlocklistIndex _index = new();
    private readonly BlocklistOptions _options;
    private readonly ProtectedNetworks _protected;
    private readonly RepeatOffenderTracker _offenders;
    private readonly FirewallBatcher _firewall;
    private readonly BlocklistMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ClientBlocklist> _logger;
    private BlocklistWriter? _writer;

    public ClientBlocklist(
        BlocklistOptions options, ProtectedNetworks protectedNetworks, RepeatOffenderTracker offenders, FirewallBatcher firewall,
        BlocklistMetrics metrics, TimeProvider time, ILogger<ClientBlocklist> logger)
    {
        _options = options;
        _protected = protectedNetworks;
        _offenders = offenders;
        _firewall = firewall;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        metrics.ObserveEntries(() => _index.Count);
    }

    public BlocklistOptions Options => _options;

    public ProtectedNetworks Protected => _protected;

    public FirewallBatcher Firewall => _firewall;

    public int Count => _index.Count;

    public BlocklistStore? Store => _writer?.Store;

    /// <summary>At accept: the most specific active block covering <paramref name="client"/>; counts a hit.</summary>
    public bool IsBlocked(IPAddress client, [NotNullWhen(true)] out BlocklistEntry? entry)
    {
        if (!_index.TryFind(client, _time.GetUtcNow(), out entry))
        {
            return false;
        }

        entry.CountHit();
        return true;
    }

    /// <summary>The block covering <paramref name="client"/>, without counting a hit (for the API and explain).</summary>
    public BlocklistEntry? Find(IPAddress client) => _index.TryFind(client, _time.GetUtcNow(), out BlocklistEntry? entry) ? entry : null;

    /// <summary>The entry for exactly <paramref name="network"/>, if any (active or not yet purged).</summary>
    public BlocklistEntry? Get(NetworkKey network) => _index.TryGet(network, out BlocklistEntry? entry) ? entry : null;

    /// <summary>Active entries, in no particular order.</summary>
    public List<BlocklistEntry> ActiveEntries()
    {
        DateTimeOffset now = _time.GetUtcNow();
        return [.. _index.Entries.Where(e => e.IsActive(now))];
    }

    /// <summary>
    /// An admin or configured block of <paramref name="network"/> for <paramref name="ttl"/> (null: permanent).
    /// The task completes once the change is in the store.
    /// </summary>
    public async Task<BlockOutcome> BlockAsync(NetworkKey network, TimeSpan? ttl, string reason, BlockSource source, string actor)
    {
        Task persisted;
        BlockOutcome outcome;
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            var changes = new List<StoreChange>();
            outcome = Apply(network, ttl is { } t ? now + t : null, reason, source, actor, offences: 1, extendOnly: false, now, changes);
            persisted = Persist(changes);
        }

        await persisted;
        return outcome;
    }

    /// <summary>
    /// A session ended badly (a Reject or Drop verdict, the error limit): blocks the client's network
    /// (a /64 for IPv6 by default) for a time that grows with each repeat offence. Does not wait for the store.
    /// </summary>
    public BlockOutcome RecordOffence(IPAddress client, BlockSource source, string reason)
    {
        if (!_options.Automatic)
        {
            return new BlockOutcome(BlockOutcomeKind.Disabled);
        }

        NetworkKey address = NetworkKey.ForAddress(client);
        NetworkKey network = address.Truncate(address.IsV6 ? _options.Ipv6Prefix : _options.Ipv4Prefix);
        if (_protected.FindOverlap(network) is { } protectedBy)
        {
            return new BlockOutcome(BlockOutcomeKind.Protected, ProtectedBy: protectedBy);
        }

        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            OffenderRecord offender = _offenders.Offend(network, now);
            TimeSpan ttl = _offenders.BlockFor(offender.Offences);
            var changes = new List<StoreChange> { new SaveOffender(offender) };
            BlockOutcome outcome = Apply(network, now + ttl, reason, source, "session", offender.Offences, extendOnly: true, now, changes);
            _ = Persist(changes);
            return outcome;
        }
    }

    /// <summary>Removes the entry for exactly <paramref name="network"/> and forgets its offences; null if there was none.</summary>
    public async Task<BlocklistEntry?> UnblockAsync(NetworkKey network, string actor)
    {
        Task persisted;
        BlocklistEntry? removed;
        lock (_gate)
        {
            var changes = new List<StoreChange>();
            removed = Remove(network, actor, "remove", changes);
            if (removed is null)
            {
                return null;
            }

            changes.Add(new DeleteOffender(network));
            _offenders.Forget(network);
            persisted = Persist(changes);
        }

        await persisted;
        return removed;
    }

    /// <summary>Removes every entry (or those of one source); returns how many.</summary>
    public async Task<int> FlushAsync(BlockSource? source, string actor)
    {
        Task persisted;
        int count;
        lock (_gate)
        {
            var changes = new List<StoreChange>();
            List<NetworkKey> keys = [.. _index.Entries.Where(e => source is null || e.Source == source).Select(e => e.Key)];
            foreach (NetworkKey key in keys)
            {
                Remove(key, actor, "flush", changes);
                if (source is null or BlockSource.Admin)
                {
                    changes.Add(new DeleteOffender(key));
                    _offenders.Forget(key);
                }
            }

            count = keys.Count;
            persisted = Persist(changes);
        }

        await persisted;
        return count;
    }

    /// <summary>Completes once every change made so far is in the store and has been handed to the kernel.</summary>
    public async Task SettledAsync()
    {
        Task persisted;
        lock (_gate)
        {
            persisted = Persist([]);
        }

        await persisted;
        await _firewall.DrainedAsync();
    }

    private BlocklistEntry? Remove(NetworkKey network, string actor, string action, List<StoreChange> changes)
    {
        if (!_index.Remove(network, out BlocklistEntry? removed))
        {
            return null;
        }

        changes.Add(new DeleteEntry(network));
        changes.Add(new AuditEvent(_time.GetUtcNow(), actor, action, network, removed.Reason));
        _firewall.Enqueue(FirewallChange.Remove(network));
        LogUnblocked(network.ToString(), actor, action);
        return removed;
    }

    // The one path every block takes, under the gate.
    private BlockOutcome Apply(
        NetworkKey network, DateTimeOffset? expires, string reason, BlockSource source, string actor, int offences, bool extendOnly,
        DateTimeOffset now, List<StoreChange> changes)
    {
        if (_protected.FindOverlap(network) is { } protectedBy)
        {
            return new BlockOutcome(BlockOutcomeKind.Protected, ProtectedBy: protectedBy);
        }

        List<BlocklistEntry> absorbed = [];
        if (!network.IsHost)
        {
            if (_index.FindCoveringPrefix(network) is { } covering && covering.IsActive(now))
            {
                return new BlockOutcome(BlockOutcomeKind.CoveredBy, covering);
            }

            absorbed = _index.FindCoveredPrefixes(network);
            foreach (BlocklistEntry narrower in absorbed)
            {
                expires = Later(expires, narrower.IsActive(now) ? narrower.Expires : now);
                _index.Remove(narrower.Key, out _);
                changes.Add(new DeleteEntry(narrower.Key));
                changes.Add(new AuditEvent(now, actor, "absorb", narrower.Key, $"inside {network}"));
                _firewall.Enqueue(FirewallChange.Remove(narrower.Key));
            }
        }

        BlocklistEntry? existing = _index.TryGet(network, out BlocklistEntry? found) && found.IsActive(now) ? found : null;
        if (existing is not null && extendOnly)
        {
            expires = Later(expires, existing.Expires);
        }

        BlocklistEntry entry = existing?.With(reason, source, expires, offences) ?? new BlocklistEntry(network, reason, source, now, expires, offences);
        _index.Set(entry);
        changes.Add(new SaveEntry(entry));
        changes.Add(new AuditEvent(now, actor, existing is null ? "add" : "update", network, $"{BlocklistMetrics.SourceName(source)}: {reason}"));
        _firewall.Enqueue(FirewallChange.Add(network, KernelTimeout(entry, now)));
        _metrics.Added(source);
        LogBlocked(network.ToString(), entry.Remaining(now) is { } left ? $"{left.TotalSeconds:0} s" : "ever", BlocklistMetrics.SourceName(source), offences, reason);
        return new BlockOutcome(existing is null ? BlockOutcomeKind.Added : BlockOutcomeKind.Updated, entry, Absorbed: absorbed);
    }

    private Task Persist(List<StoreChange> changes) => _writer?.WriteAsync(changes) ?? Task.CompletedTask;

    // Null is "forever", later than any time.
    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null || b is null ? null : (a > b ? a : b);

    /// <summary>The element's kernel timeout: what is left, rounded up to whole seconds (nft and ipset count seconds).</summary>
    internal static TimeSpan? KernelTimeout(BlocklistEntry entry, DateTimeOffset now) =>
        entry.Remaining(now) is { } left ? TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(left.TotalSeconds))) : null;
}
