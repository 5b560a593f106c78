using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace SmtpShield.Blocklist;

/// <summary>
/// The in-memory answer to "is this client blocked?" at accept time, without a lock or an allocation:
/// one dictionary probe per prefix length in use (a list of exact addresses costs one probe). Readers
/// never lock; writers are serialised by <see cref="ClientBlocklist"/>.
/// </summary>
internal sealed class BlocklistIndex
{
    private readonly ConcurrentDictionary<NetworkKey, BlocklistEntry> _entries = new();
    private readonly int[] _v4Lengths = new int[33];
    private readonly int[] _v6Lengths = new int[129];

    // The prefix lengths with at least one entry, longest first: the probes a lookup makes.
    private volatile byte[] _v4InUse = [];
    private volatile byte[] _v6InUse = [];

    public int Count => _entries.Count;

    public IEnumerable<BlocklistEntry> Entries => _entries.Values;

    /// <summary>The most specific active entry covering <paramref name="address"/>.</summary>
    public bool TryFind(IPAddress address, DateTimeOffset now, [NotNullWhen(true)] out BlocklistEntry? entry)
    {
        NetworkKey key = NetworkKey.ForAddress(address);
        foreach (byte length in key.IsV6 ? _v6InUse : _v4InUse)
        {
            if (_entries.TryGetValue(key.Truncate(length), out entry) && entry.IsActive(now))
            {
                return true;
            }
        }

        entry = null;
        return false;
    }

    public bool TryGet(NetworkKey key, [NotNullWhen(true)] out BlocklistEntry? entry) => _entries.TryGetValue(key, out entry);

    /// <summary>A prefix entry (not a host) that contains <paramref name="key"/> and is not it.</summary>
    public BlocklistEntry? FindCoveringPrefix(NetworkKey key)
    {
        foreach (byte length in key.IsV6 ? _v6InUse : _v4InUse)
        {
            if (length < key.Length && _entries.TryGetValue(key.Truncate(length), out BlocklistEntry? entry))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Prefix entries (not hosts) inside <paramref name="key"/>, other than itself.</summary>
    public List<BlocklistEntry> FindCoveredPrefixes(NetworkKey key)
    {
        var covered = new List<BlocklistEntry>();
        byte[] inUse = key.IsV6 ? _v6InUse : _v4InUse;
        if (!Array.Exists(inUse, length => length > key.Length && length < key.MaxLength))
        {
            return covered;
        }

        foreach (BlocklistEntry entry in _entries.Values)
        {
            if (!entry.Key.IsHost && entry.Key != key && key.Contains(entry.Key))
            {
                covered.Add(entry);
            }
        }

        return covered;
    }

    public void Set(BlocklistEntry entry)
    {
        if (_entries.TryAdd(entry.Key, entry))
        {
            CountLength(entry.Key, +1);
        }
        else
        {
            _entries[entry.Key] = entry;
        }
    }

    public bool Remove(NetworkKey key, [NotNullWhen(true)] out BlocklistEntry? removed)
    {
        if (!_entries.TryRemove(key, out removed))
        {
            return false;
        }

        CountLength(key, -1);
        return true;
    }

    private void CountLength(NetworkKey key, int delta)
    {
        int[] counts = key.IsV6 ? _v6Lengths : _v4Lengths;
        int before = counts[key.Length];
        counts[key.Length] = before + delta;
        if ((before == 0) != (before + delta == 0))
        {
            byte[] inUse = [.. Enumerable.Range(0, counts.Length).Reverse().Where(length => counts[length] > 0).Select(length => (byte)length)];
            if (key.IsV6)
            {
                _v6InUse = inUse;
            }
            else
            {
                _v4InUse = inUse;
            }
        }
    }
}
