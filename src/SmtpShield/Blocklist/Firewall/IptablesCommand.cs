using System.Text;

namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// The text of one `iptables-restore --noflush` (or ip6tables-restore) batch for the chain of
/// deploy/iptables/smtpshield-iptables.sh: one `-s NETWORK -j DROP` rule per block. Pure, from parsed
/// networks only. A restore is one transaction: a batch whose rule fails leaves the chain as it was.
/// The caller gives each family to its own program.
/// </summary>
internal static class IptablesCommand
{
    public const string Chain = "SMTPSHIELD";

    /// <summary>Deletes the rules of <paramref name="removed"/> (which must be there) and appends those of <paramref name="added"/>.</summary>
    public static string Install(IEnumerable<NetworkKey> added, IEnumerable<NetworkKey> removed)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        var text = new StringBuilder("*filter\n");
        AppendRules(text, "-D", removed);
        AppendRules(text, "-A", added);
        return text.Append("COMMIT\n").ToString();
    }

    /// <summary>Empties the chain and appends a rule for each of <paramref name="all"/>, in one transaction.</summary>
    public static string Rebuild(IEnumerable<NetworkKey> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var text = new StringBuilder("*filter\n").Append("-F ").Append(Chain).Append('\n');
        AppendRules(text, "-A", all);
        return text.Append("COMMIT\n").ToString();
    }

    private static void AppendRules(StringBuilder text, string verb, IEnumerable<NetworkKey> networks)
    {
        foreach (NetworkKey network in networks)
        {
            text.Append(verb).Append(' ').Append(Chain).Append(" -s ").Append(network).Append(" -j DROP\n");
        }
    }
}
