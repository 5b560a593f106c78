using System.Globalization;
using System.Net;
using SmtpShield.Blocklist;
using SmtpShield.Configuration;

namespace SmtpShield.Admin;

/// <summary>
/// An address or prefix to block, as an admin types it ("192.0.2.7", "198.51.100.0/24", "2001:db8::/48"),
/// with a sentence for each mistake: not an address, a prefix length out of range, or host bits set
/// ("192.0.2.5/24 has host bits set; did you mean 192.0.2.0/24?"). Addresses are as strict as the
/// configuration's (<see cref="AddressText"/>: four dotted octets, no octal, no zone id).
/// </summary>
internal static class NetworkText
{
    public static bool TryParse(string? text, out NetworkKey network, out string error)
    {
        network = default;
        error = string.Empty;
        string trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = "an address or network is required (e.g. 192.0.2.7, 198.51.100.0/24 or 2001:db8::/48)";
            return false;
        }

        int slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        string host = slash < 0 ? trimmed : trimmed[..slash];
        if (host.Contains('%', StringComparison.Ordinal) || !AddressText.TryParseAddress(host, out IPAddress address))
        {
            error = $"{TypedText.Show(host)} is not an address";
            return false;
        }

        NetworkKey whole = NetworkKey.ForAddress(address);
        if (slash < 0)
        {
            network = whole;
            return true;
        }

        // An IPv4-mapped IPv6 prefix (::ffff:192.0.2.0/120) is the IPv4 prefix it maps (192.0.2.0/24).
        int offset = address.IsIPv4MappedToIPv6 ? 96 : 0;
        int max = whole.MaxLength + offset;
        string lengthText = trimmed[(slash + 1)..];
        if (lengthText.Length is 0 or > 3 || !lengthText.All(char.IsAsciiDigit)
            || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length < offset || length > max)
        {
            error = $"{TypedText.Show(trimmed)}: the prefix length must be a number from {offset} to {max}";
            return false;
        }

        network = whole.Truncate(length - offset);
        if (network.Bits != whole.Bits)
        {
            error = $"{TypedText.Show(trimmed)} has host bits set; did you mean {network}?";
            network = default;
            return false;
        }

        return true;
    }
}
