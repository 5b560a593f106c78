using System.Text;

namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// The text of one `ip -batch -` run: a blackhole route per block in the main table, where admins look
/// for them (`ip route show type blackhole`), marked with SmtpShield's routing protocol number
/// (Blocklist:RouteProtocol, default 250) so that a delete or a flush selects only SmtpShield's routes.
/// Pure, from parsed networks only. The caller runs each family apart (`ip -4`, `ip -6`): a flush only
/// covers one family.
/// </summary>
internal static class RouteCommand
{
    /// <summary>
    /// Deletes the routes of <paramref name="removed"/> (which must be there) and adds those of
    /// <paramref name="added"/>. An add replaces a route to exactly that network (a leftover of
    /// SmtpShield's, or an admin's: a block of a network means no route to it).
    /// </summary>
    public static string Install(IEnumerable<NetworkKey> added, IEnumerable<NetworkKey> removed, int protocol)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        var text = new StringBuilder();
        AppendRoutes(text, "del", removed, protocol);
        AppendRoutes(text, "replace", added, protocol);
        return text.ToString();
    }

    /// <summary>Removes every route of SmtpShield's protocol (of the family the run is for) and adds one for each of <paramref name="all"/>.</summary>
    public static string Rebuild(IEnumerable<NetworkKey> all, int protocol)
    {
        ArgumentNullException.ThrowIfNull(all);
        var text = new StringBuilder("route flush proto ").Append(protocol).Append('\n');
        AppendRoutes(text, "replace", all, protocol);
        return text.ToString();
    }

    private static void AppendRoutes(StringBuilder text, string verb, IEnumerable<NetworkKey> networks, int protocol)
    {
        foreach (NetworkKey network in networks)
        {
            text.Append("route ").Append(verb).Append(" blackhole ").Append(network).Append(" proto ").Append(protocol).Append('\n');
        }
    }
}
