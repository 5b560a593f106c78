using System.Globalization;
using System.Net;

using SmtpShield.Configuration;

namespace SmtpShield.Listener;

/// <summary>Parses the endpoint strings of the configuration: "127.0.0.1:2525", "[::1]:2525", "*:25".</summary>
internal static class EndpointText
{
    public static bool TryParse(string? text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        int colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port > IPEndPoint.MaxPort)
        {
            return false;
        }

        string host = text[..colon];
        if (host == "*")
        {
            // Dual-stack: the listener's IPv6Any socket also accepts IPv4 (as ::ffff:a.b.c.d).
            endpoint = new IPEndPoint(IPAddress.IPv6Any, port);
            return true;
        }

        // An IPv6 address must be bracketed so its last group is never mistaken for the port.
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        if (!AddressText.TryParseAddress(host, out IPAddress address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>For values the validators already accepted.</summary>
    public static IPEndPoint Parse(string text) =>
        TryParse(text, out IPEndPoint endpoint) ? endpoint : throw new FormatException($"'{text}' is not address:port.");
}
