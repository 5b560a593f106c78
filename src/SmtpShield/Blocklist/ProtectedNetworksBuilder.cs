using System.Net;
using SmtpShield.Admin;
using SmtpShield.Configuration;
using SmtpShield.Listener;
using SmtpShield.Relay;
using SmtpShield.Verdicts;

namespace SmtpShield.Blocklist;

/// <summary>
/// Collects what may never be blocked: loopback, every backend, the admin and listener addresses (when
/// they name one), Policy:Allow and Blocklist:Allow. Blocking any of them would cut SmtpShield off from
/// its own MTA or its operators.
/// </summary>
internal static class ProtectedNetworksBuilder
{
    public static ProtectedNetworks Build(
        BlocklistOptions blocklist, PolicyOptions policy, RelayOptions relay, AdminOptions admin, ListenersOptions listeners)
    {
        var networks = new List<ProtectedNetwork>
        {
            ProtectedNetwork.For(new IPNetwork(IPAddress.Parse("127.0.0.0"), 8), "loopback"),
            ProtectedNetwork.For(IPAddress.IPv6Loopback, "loopback"),
        };
        for (int i = 0; i < relay.Backends.Count; i++)
        {
            BackendOptions backend = relay.Backends[i];
            if (BackendEndpoint.TryParse(backend.Endpoint, out EndPoint endpoint) && endpoint is IPEndPoint ip)
            {
                networks.Add(ProtectedNetwork.For(ip.Address, $"Relay:Backends:{i} ({backend.Endpoint})"));
            }

            if (AddressText.TryParseAddress(backend.SourceAddress, out IPAddress source))
            {
                networks.Add(ProtectedNetwork.For(source, $"Relay:Backends:{i}:SourceAddress"));
            }
        }

        AddSpecific(networks, admin.Endpoint, "Admin:Endpoint");
        for (int i = 0; i < listeners.Items.Count; i++)
        {
            AddSpecific(networks, listeners.Items[i].Endpoint, $"Listeners:{i}");
        }

        AddNetworks(networks, policy.Allow, "Policy:Allow");
        AddNetworks(networks, blocklist.Allow, "Blocklist:Allow");
        return new ProtectedNetworks(networks);
    }

    private static void AddSpecific(List<ProtectedNetwork> networks, string endpointText, string key)
    {
        if (EndpointText.TryParse(endpointText, out IPEndPoint endpoint)
            && !endpoint.Address.Equals(IPAddress.Any) && !endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            networks.Add(ProtectedNetwork.For(endpoint.Address, $"{key} ({endpointText})"));
        }
    }

    private static void AddNetworks(List<ProtectedNetwork> networks, List<string> texts, string key)
    {
        for (int i = 0; i < texts.Count; i++)
        {
            if (AddressText.TryParseNetwork(texts[i], out IPNetwork network))
            {
                networks.Add(ProtectedNetwork.For(network, $"{key}:{i} ({texts[i]})"));
            }
        }
    }
}
