using SmtpShield.Blocklist;
using SmtpShield.Blocklist.Firewall;
using SmtpShield.Configuration;

namespace SmtpShield.Tests.Blocklist.Firewall;

/// <summary>Networks, elements and changes written the way an admin writes them, for the builders' tables.</summary>
internal static class Blocks
{
    public static NetworkKey Net(string text) =>
        AddressText.TryParseNetwork(text, out System.Net.IPNetwork network) ? NetworkKey.For(network) : throw new ArgumentException(text);

    public static FirewallElement Element(string network, int? seconds = null) =>
        new(Net(network), seconds is { } s ? TimeSpan.FromSeconds(s) : null);

    public static FirewallChange Add(string network, int? seconds = null) => FirewallChange.Add(Net(network), seconds is { } s ? TimeSpan.FromSeconds(s) : null);

    public static FirewallChange Remove(string network) => FirewallChange.Remove(Net(network));
}
