using System.Text;

namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// The text of one `ipset restore -exist` batch for the sets of deploy/ipset/smtpshield-ipset.sh. Pure,
/// from parsed networks only. With -exist an add refreshes the timeout of an element already there and a
/// del of a missing one is no error (shared/INTEGRATION.md §3.4), so every change works either way.
/// </summary>
internal static class IpsetCommand
{
    public const string HostsV4 = "smtpshield4";
    public const string HostsV6 = "smtpshield6";
    public const string NetworksV4 = "smtpshield-net4";
    public const string NetworksV6 = "smtpshield-net6";

    /// <summary>The longest element timeout ipset takes (7.17: "out of range 0-2147483"), about 24.8 days.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(2147483);

    /// <summary>hash:ip sets hold hosts, hash:net sets prefixes.</summary>
    public static string Name(BlockSet set) => set switch
    {
        BlockSet.HostsV4 => HostsV4,
        BlockSet.HostsV6 => HostsV6,
        BlockSet.NetworksV4 => NetworksV4,
        _ => NetworksV6,
    };

    public static string Apply(IReadOnlyList<FirewallChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var text = new StringBuilder();
        foreach (FirewallChange change in changes)
        {
            if (change.Kind == FirewallChangeKind.Add)
            {
                AppendAdd(text, change.Element);
            }
            else
            {
                text.Append("del ").Append(Name(BlockSets.For(change.Element.Network))).Append(' ').Append(change.Element.Network).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Empties the four sets and fills them with <paramref name="elements"/> (one restore; ipset has no transactions).</summary>
    public static string ReplaceAll(IReadOnlyList<FirewallElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var text = new StringBuilder();
        foreach (BlockSet set in BlockSets.All)
        {
            text.Append("flush ").Append(Name(set)).Append('\n');
        }

        foreach (FirewallElement element in elements)
        {
            AppendAdd(text, element);
        }

        return text.ToString();
    }

    // "timeout 0" is permanent; a longer block than ipset can hold expires from the set at its limit
    // (the store still has it, so SmtpShield refuses the client itself after that).
    private static void AppendAdd(StringBuilder text, FirewallElement element) =>
        text.Append("add ").Append(Name(BlockSets.For(element.Network))).Append(' ').Append(element.Network)
            .Append(" timeout ").Append(Math.Min(element.TimeoutSeconds ?? 0, (long)MaxTimeout.TotalSeconds)).Append('\n');
}
