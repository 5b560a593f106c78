using System.Net;

namespace SmtpShield.Configuration;

/// <summary>
/// Addresses and networks as admins write them in configuration. Stricter than IPAddress.TryParse, which
/// also takes "192.0.2" (as 192.0.0.2) and "3232235777": an IPv4 address must be four dotted octets.
/// </summary>
internal static class AddressText
{
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        bool looksIPv4 = !text.Contains(':', StringComparison.Ordinal);
        if ((looksIPv4 && !IsDottedDecimal(text)) || !IPAddress.TryParse(text, out IPAddress? parsed))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>Four decimal octets 0–255 without leading zeros: inet_aton would read "010" as octal 8.</summary>
    private static bool IsDottedDecimal(string text)
    {
        string[] octets = text.Split('.');
        return octets.Length == 4 && octets.All(o =>
            o.Length is >= 1 and <= 3 && o.All(char.IsAsciiDigit) && (o.Length == 1 || o[0] != '0') && int.Parse(o, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary>"192.0.2.0/24", "2001:db8::/32", or a single address (a /32 or /128).</summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string host = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(host, out IPAddress address))
        {
            return false;
        }

        if (slash < 0)
        {
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }
}
