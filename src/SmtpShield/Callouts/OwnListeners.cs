using System.Net;
using System.Net.NetworkInformation;
using SmtpShield.Hosting;

namespace SmtpShield.Callouts;

/// <summary>
/// Whether an endpoint is one of SmtpShield's own SMTP listeners: a callout to it would be a loop (a sender
/// domain whose MX is this server, or a forged one pointing here). A listener on every address ("*:25")
/// owns the port on loopback and on every address of this host's interfaces.
/// </summary>
internal sealed class OwnListeners(ListenerEndpoints endpoints)
{
    private readonly Lazy<HashSet<IPAddress>> _hostAddresses = new(HostAddresses);

    public bool Contains(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        IPAddress address = target.Address.IsIPv4MappedToIPv6 ? target.Address.MapToIPv4() : target.Address;
        foreach (IPEndPoint listener in endpoints.Smtp)
        {
            if (listener.Port != target.Port)
            {
                continue;
            }

            bool any = listener.Address.Equals(IPAddress.Any) || listener.Address.Equals(IPAddress.IPv6Any);
            if (listener.Address.Equals(address) || (any && (IPAddress.IsLoopback(address) || _hostAddresses.Value.Contains(address))))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<IPAddress> HostAddresses() =>
        [.. NetworkInterface.GetAllNetworkInterfaces().SelectMany(nic => nic.GetIPProperties().UnicastAddresses).Select(u => u.Address)];
}
