using System.Net;

namespace SmtpShield.Dns;

/// <summary>Parses a configured name server: "192.0.2.53", "192.0.2.53:5353", "2001:db8::53" or "[2001:db8::53]:5353".</summary>
internal static class DnsServerAddress
{
    // RFC 1035 §4.2: DNS servers listen on port 53.
    public const int DefaultPort = 53;

    public static bool TryParse(string? text, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();

        // A port follows "]:" for bracketed IPv6, or the only colon of an IPv4 address; an IPv6 address without
        // brackets has no port.
        bool hasPort = text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Count(c => c == ':') == 1;
        if (hasPort)
        {
            bool parsed = IPEndPoint.TryParse(text, out IPEndPoint? withPort) && withPort.Port != 0;
            endPoint = withPort!;
            return parsed;
        }

        string bare = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        if (!IPAddress.TryParse(bare, out IPAddress? address))
        {
            return false;
        }

        endPoint = new IPEndPoint(address, DefaultPort);
        return true;
    }
}
