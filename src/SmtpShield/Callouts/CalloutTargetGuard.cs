using System.Net;
using System.Net.NetworkInformation;
using SmtpShield.Checks.Access;
using SmtpShield.Hosting;

namespace SmtpShield.Callouts;

/// <summary>
/// Endpoints a callout must never call, whatever the sender's DNS says: SmtpShield's own SMTP listeners (a
/// sender domain whose MX is this server, or a forged one pointing here, would loop), and any address in
/// Policy:Allow (the networks we trust: a forged MX must not make us knock on internal hosts). A listener
/// on every address ("*:25") owns its port on loopback and on every address of this host's interfaces.
/// </summary>
internal sealed class CalloutTargetGuard(ListenerEndpoints endpoints, AccessList access)
{
    private static readonly TimeSpan s_refreshAfter = TimeSpan.FromMinutes(1);

    // Re-read now and then: DHCP, IPv6 privacy addresses and new interfaces change the host's addresses.
    private (HashSet<IPAddress> Addresses, DateTime ReadAt) _host = (HostAddresses(), DateTime.UtcNow);

    /// <summary>Why <paramref name="target"/> is off limits; null when it may be called.</summary>
    public string? Refuses(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        IPAddress address = target.Address.IsIPv4MappedToIPv6 ? target.Address.MapToIPv4() : target.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast || address.IsIPv6LinkLocal
            || IsIPv4MulticastOrReserved(address))
        {
            // 0.0.0.0 and :: connect to this host on Linux: a forged MX's way to any local service.
            return "is no address a mail server can have";
        }

        if (IsOwnListener(address, target.Port))
        {
            return "is this server's own listener";
        }

        return access.Decide(address) == AccessDecision.Allow ? "is in Policy:Allow (a trusted network)" : null;
    }

    private bool IsOwnListener(IPAddress address, int port)
    {
        foreach (IPEndPoint listener in endpoints.Smtp)
        {
            if (listener.Port != port)
            {
                continue;
            }

            bool any = listener.Address.Equals(IPAddress.Any) || listener.Address.Equals(IPAddress.IPv6Any);
            if (listener.Address.Equals(address) || (any && (IPAddress.IsLoopback(address) || HostHas(address))))
            {
                return true;
            }
        }

        return false;
    }

    private bool HostHas(IPAddress address)
    {
        (HashSet<IPAddress> addresses, DateTime readAt) = _host;
        if (DateTime.UtcNow - readAt > s_refreshAfter)
        {
            _host = (addresses = HostAddresses(), DateTime.UtcNow);
        }

        return addresses.Contains(address);
    }

    // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved (and broadcast), 169.254.0.0/16 link-local.
    private static bool IsIPv4MulticastOrReserved(IPAddress address)
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> octets = stackalloc byte[4];
        address.TryWriteBytes(octets, out _);
        return octets[0] >= 224 || (octets[0] == 169 && octets[1] == 254);
    }

    private static HashSet<IPAddress> HostAddresses() =>
        [.. NetworkInterface.GetAllNetworkInterfaces().SelectMany(nic => nic.GetIPProperties().UnicastAddresses).Select(u => u.Address)];
}
