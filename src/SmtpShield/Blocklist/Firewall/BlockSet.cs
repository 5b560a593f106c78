namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// The four kernel sets of the nftables and ipset drivers: per family, hosts apart from prefixes, because
/// an interval set refuses a host inside one of its prefixes ("interval overlaps") and ClientBlocklist
/// keeps only prefixes from overlapping one another.
/// </summary>
internal enum BlockSet : byte
{
    HostsV4,
    HostsV6,
    NetworksV4,
    NetworksV6,
}

internal static class BlockSets
{
    /// <summary>Every set, in the order batches name them.</summary>
    public static readonly IReadOnlyList<BlockSet> All = [BlockSet.HostsV4, BlockSet.HostsV6, BlockSet.NetworksV4, BlockSet.NetworksV6];

    /// <summary>The set that holds <paramref name="network"/>.</summary>
    public static BlockSet For(NetworkKey network) => (network.IsV6, network.IsHost) switch
    {
        (false, true) => BlockSet.HostsV4,
        (true, true) => BlockSet.HostsV6,
        (false, false) => BlockSet.NetworksV4,
        (true, false) => BlockSet.NetworksV6,
    };
}
