using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SmtpShield.Checks.Dnsbl;

/// <summary>
/// postscreen's reply filter: four octet patterns, each a number, <c>[n..m]</c>, or a list such as
/// <c>[2;4;10..11]</c>. Matches an IPv4 answer (DNSBLs answer with A records, RFC 5782 §2.1).
/// </summary>
internal sealed class DnsblReplyFilter
{
    private readonly (byte Low, byte High)[][] _octets;

    private DnsblReplyFilter((byte Low, byte High)[][] octets) => _octets = octets;

    public bool Matches(IPAddress answer)
    {
        if (answer.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        answer.TryWriteBytes(bytes, out _);
        for (int i = 0; i < 4; i++)
        {
            bool any = false;
            foreach ((byte low, byte high) in _octets[i])
            {
                any |= bytes[i] >= low && bytes[i] <= high;
            }

            if (!any)
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParse(string text, out DnsblReplyFilter filter, out string? error)
    {
        filter = null!;
        error = null;
        string[] parts = SplitOctets(text);
        if (parts.Length != 4)
        {
            error = $"filter '{text}' must have four octets, like 127.0.0.[2..11]";
            return false;
        }

        var octets = new (byte, byte)[4][];
        for (int i = 0; i < 4; i++)
        {
            if (!TryParseOctet(parts[i], out octets[i]))
            {
                error = $"filter '{text}': octet '{parts[i]}' must be a number 0-255, [n..m] or [a;b;n..m]";
                return false;
            }
        }

        filter = new DnsblReplyFilter(octets);
        return true;
    }

    // Dots inside brackets ("[2..11]") are not octet separators.
    private static string[] SplitOctets(string text)
    {
        var parts = new List<string>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (text[i] == '.' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return [.. parts];
    }

    private static bool TryParseOctet(string text, out (byte, byte)[] ranges)
    {
        ranges = [];
        if (!text.StartsWith('[') || !text.EndsWith(']'))
        {
            if (!TryParseByte(text, out byte single))
            {
                return false;
            }

            ranges = [(single, single)];
            return true;
        }

        var list = new List<(byte, byte)>();
        foreach (string item in text[1..^1].Split(';'))
        {
            int dots = item.IndexOf("..", StringComparison.Ordinal);
            if (dots < 0)
            {
                if (!TryParseByte(item, out byte value))
                {
                    return false;
                }

                list.Add((value, value));
            }
            else if (TryParseByte(item[..dots], out byte low) && TryParseByte(item[(dots + 2)..], out byte high) && low <= high)
            {
                list.Add((low, high));
            }
            else
            {
                return false;
            }
        }

        ranges = [.. list];
        return ranges.Length > 0;
    }

    private static bool TryParseByte(string text, out byte value) =>
        byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
