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
    private readonly Lazy<HashSet<IPAddress>> _hostAddresses = new(HostAddresses);

    /// <summary>Why <paramref name="target"/> is off limits; null when it may be called.</summary>
    public string? Refuses(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        IPAddress address = target.Address.IsIPv4MappedToIPv6 ? target.Address.MapToIPv4() : target.Address;
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
