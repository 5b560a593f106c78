using System.Text;

namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// The text of one `nft -f -` batch for the sets of deploy/nftables/smtpshield.nft. Pure: it takes
/// parsed networks and writes them with <see cref="NetworkKey.ToString"/>, so no text from the network
/// ever reaches nft. Hosts go to plain sets (`flags timeout`), prefixes to interval sets
/// (`flags interval,timeout`); see <see cref="BlockSet"/>.
/// </summary>
internal static class NftablesCommand
{
    public const string Table = "inet smtpshield";
    public const string HostsV4 = "block_v4";
    public const string HostsV6 = "block_v6";
    public const string NetworksV4 = "blocknet_v4";
    public const string NetworksV6 = "blocknet_v6";

    /// <summary>Elements per statement: keeps each line of a 200,000-element resync readable in an error message.</summary>
    public const int ElementsPerStatement = 1000;

    public static string Name(BlockSet set) => set switch
    {
        BlockSet.HostsV4 => HostsV4,
        BlockSet.HostsV6 => HostsV6,
        BlockSet.NetworksV4 => NetworksV4,
        _ => NetworksV6,
    };

    /// <summary>
    /// Adds (or refreshes) and removes, so that each works whether or not the element is there
    /// (shared/INTEGRATION.md §3.2): add + delete + add with the new timeout for an addition, add + delete
    /// for a removal. A plain re-add does not update the expiry on older kernels, and a delete of a missing
    /// element fails the whole batch. Each network appears once (the batcher keeps the last change).
    /// </summary>
    public static string Apply(IReadOnlyList<FirewallChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var text = new StringBuilder();
        foreach (BlockSet set in BlockSets.All)
        {
            List<FirewallChange> inSet = [.. changes.Where(c => BlockSets.For(c.Element.Network) == set)];
            if (inSet.Count == 0)
            {
                continue;
            }

            List<string> touched = [.. inSet.Select(c => c.Element.Network.ToString())];
            AppendStatements(text, "add", set, touched);
            AppendStatements(text, "delete", set, touched);
            AppendStatements(text, "add", set, [.. inSet.Where(c => c.Kind == FirewallChangeKind.Add).Select(c => Element(c.Element))]);
        }

        return text.ToString();
    }

    /// <summary>Empties the four sets and fills them with <paramref name="elements"/>, in one atomic batch.</summary>
    public static string ReplaceAll(IReadOnlyList<FirewallElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var text = new StringBuilder();
        foreach (BlockSet set in BlockSets.All)
        {
            text.Append("flush set ").Append(Table).Append(' ').Append(Name(set)).Append('\n');
        }

        foreach (BlockSet set in BlockSets.All)
        {
            AppendStatements(text, "add", set, [.. elements.Where(e => BlockSets.For(e.Network) == set).Select(Element)]);
        }

        return text.ToString();
    }

    /// <summary>"192.0.2.7 timeout 600s", or just the network when permanent (the sets have no default timeout).</summary>
    public static string Element(FirewallElement element) =>
        element.TimeoutSeconds is { } seconds ? $"{element.Network} timeout {seconds}s" : element.Network.ToString();

    private static void AppendStatements(StringBuilder text, string verb, BlockSet set, List<string> elements)
    {
        for (int start = 0; start < elements.Count; start += ElementsPerStatement)
        {
            text.Append(verb).Append(" element ").Append(Table).Append(' ').Append(Name(set)).Append(" { ")
                .AppendJoin(", ", elements.Skip(start).Take(ElementsPerStatement))
                .Append(" }\n");
        }
    }
}
