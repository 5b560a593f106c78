using System.Net;
using System.Net.Sockets;
using SmtpShield.Listener;

namespace SmtpShield.Relay;

/// <summary>A backend address from the configuration: TCP ("127.0.0.1:10025", "[::1]:10025") or "unix:/path".</summary>
internal static class BackendEndpoint
{
    private const string UnixPrefix = "unix:";

    public static bool TryParse(string? text, out EndPoint endpoint)
    {
        endpoint = null!;
        if (text is null)
        {
            return false;
        }

        text = text.Trim();
        if (text.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            string path = text[UnixPrefix.Length..];
            if (path.Length == 0 || !Path.IsPathFullyQualified(path))
            {
                return false;
            }

            endpoint = new UnixDomainSocketEndPoint(path);
            return true;
        }

        if (!EndpointText.TryParse(text, out IPEndPoint ip) || ip.Port == 0 || ip.Address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        endpoint = ip;
        return true;
    }
}
