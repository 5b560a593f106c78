using SmtpShield.Blocklist.Firewall;
using SmtpShield.Blocklist.Store;

namespace SmtpShield.Blocklist;

/// <summary>
/// Start, purge and stop: the store is loaded into the index before the first connection is accepted,
/// Blocklist:Static is made to match the configuration, and the kernel is given everything in one batch.
/// </summary>
internal sealed partial class ClientBlocklist
{
    /// <summary>Opens the store, drops what expired while the daemon was down, and loads the rest.</summary>
    public void Open(BlocklistWriter writer, IReadOnlyList<NetworkKey> configured)
    {
        lock (_gate)
        {
            _writer = writer;
            DateTimeOffset now = _time.GetUtcNow();
            var changes = new List<StoreChange>();
            foreach (BlocklistEntry entry in writer.Store.LoadEntries())
            {
                if (!entry.IsActive(now))
                {
                    changes.Add(new DeleteEntry(entry.Key));
                    changes.Add(new AuditEvent(now, "purge", "expire", entry.Key, entry.Reason));
                }
                else if (_protected.FindOverlap(entry.Key) is { } protectedBy)
                {
                    // The allow list grew since the block was made: the allow list wins.
                    changes.Add(new DeleteEntry(entry.Key));
                    changes.Add(new AuditEvent(now, "config", "remove", entry.Key, $"now protected ({protectedBy.Why})"));
                    LogProtectedOnLoad(entry.Key.ToString(), protectedBy.Why);
                }
                else
                {
                    _index.Set(entry);
                }
            }

            foreach (OffenderRecord offender in writer.Store.LoadOffenders())
            {
                _offenders.Load(offender);
            }

            SyncConfigured(configured, now, changes);
            writer.Store.Write(changes);
            LogLoaded(_index.Count, writer.Store.Path, _firewall.DriverName);
        }
    }

    /// <summary>Gives the kernel exactly the active entries, in one batch.</summary>
    public Task<bool> ResyncFirewallAsync()
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            return _firewall.ReplaceAllAsync([.. _index.Entries.Where(e => e.IsActive(now)).Select(e => new FirewallElement(e.Key, KernelTimeout(e, now)))]);
        }
    }

    /// <summary>Removes expired entries (from the kernel too, where it does not expire them itself) and stale offenders; saves hit counts.</summary>
    public Task PurgeAsync()
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            var changes = new List<StoreChange>();
            foreach (BlocklistEntry entry in _index.Entries.Where(e => !e.IsActive(now)).ToList())
            {
                _index.Remove(entry.Key, out _);
                changes.Add(new DeleteEntry(entry.Key));
                changes.Add(new AuditEvent(now, "purge", "expire", entry.Key, entry.Reason));
                if (!_firewall.ExpiresInKernel)
                {
                    _firewall.Enqueue(FirewallChange.Remove(entry.Key));
                }
            }

            changes.AddRange(_offenders.ForgetStale(now).Select(key => new DeleteOffender(key)));
            foreach (BlocklistEntry entry in _index.Entries)
            {
                long hits = entry.Hits;
                if (hits != entry.PersistedHits)
                {
                    changes.Add(new SaveHits(entry.Key, hits));
                    entry.PersistedHits = hits;
                }
            }

            return changes.Count == 0 ? Task.CompletedTask : Persist(changes);
        }
    }

    // Blocklist:Static is the whole truth about "config" entries: the store follows the file.
    private void SyncConfigured(IReadOnlyList<NetworkKey> configured, DateTimeOffset now, List<StoreChange> changes)
    {
        var wanted = configured.ToHashSet();
        foreach (BlocklistEntry stale in _index.Entries.Where(e => e.Source == BlockSource.Config && !wanted.Contains(e.Key)).ToList())
        {
            Remove(stale.Key, "config", "remove", changes);
        }

        foreach (NetworkKey network in configured)
        {
            if (_index.TryGet(network, out BlocklistEntry? existing) && existing.Source == BlockSource.Config && existing.Expires is null)
            {
                continue;
            }

            BlockOutcome outcome = Apply(network, null, "Blocklist:Static", BlockSource.Config, "config", offences: 1, extendOnly: false, now, changes);
            if (outcome.Kind == BlockOutcomeKind.Protected)
            {
                LogStaticProtected(network.ToString(), outcome.ProtectedBy!.Why);
            }
        }
    }
}
