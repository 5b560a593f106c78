using System.Net;
using System.Net.Sockets;
using System.Text.Unicode;

namespace SmtpShield.Protocol;

/// <summary>RFC 5321 §4.1.2 Domain and §4.1.3 address-literal, with RFC 6531 UTF-8 labels.</summary>
internal static class DomainSyntax
{
    // RFC 1035 §2.3.4: labels are 63 octets or less; RFC 5321 §4.5.3.1.2: a domain is at most 255 octets.
    private const int MaxLabelLength = 63;
    private const int MaxDomainLength = 255;

    /// <summary>sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str]. Bytes above 127 are allowed
    /// (U-labels) and reported through <paramref name="nonAscii"/>.</summary>
    public static bool IsDomain(ReadOnlySpan<byte> text, out bool nonAscii)
    {
        nonAscii = false;
        if (text.IsEmpty || text.Length > MaxDomainLength)
        {
            return false;
        }

        // Common case first: pure ASCII letters, digits, hyphens and dots, checked in one vectorised pass;
        // then only the label boundaries are visited.
        if (!text.ContainsAnyExcept(SmtpGrammar.LdhOrDot))
        {
            return HasValidLabels(text);
        }

        int labelStart = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != (byte)'.')
            {
                byte b = text[i];
                if (SmtpGrammar.IsUtf8Byte(b))
                {
                    nonAscii = true;
                }
                else if (!SmtpGrammar.IsLetterOrDigit(b) && b != (byte)'-')
                {
                    return false;
                }

                continue;
            }

            int length = i - labelStart;
            if (length == 0 || length > MaxLabelLength || text[labelStart] == (byte)'-' || text[i - 1] == (byte)'-')
            {
                return false;
            }

            labelStart = i + 1;
        }

        return !nonAscii || Utf8.IsValid(text);
    }

    /// <summary>True when the last label is all digits, as in a bare IPv4 address (RFC 1123 §2.1).</summary>
    public static bool HasNumericTopLabel(ReadOnlySpan<byte> domain)
    {
        ReadOnlySpan<byte> top = domain[(domain.LastIndexOf((byte)'.') + 1)..];
        return !top.IsEmpty && !top.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    private static bool HasValidLabels(ReadOnlySpan<byte> text)
    {
        while (true)
        {
            int dot = text.IndexOf((byte)'.');
            ReadOnlySpan<byte> label = dot < 0 ? text : text[..dot];
            if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == (byte)'-' || label[^1] == (byte)'-')
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            text = text[(dot + 1)..];
        }
    }

    /// <summary>"[" ( IPv4-address-literal / IPv6-address-literal / General-address-literal ) "]".</summary>
    public static bool IsAddressLiteral(ReadOnlySpan<byte> text)
    {
        if (text.Length < 3 || text[0] != (byte)'[' || text[^1] != (byte)']')
        {
            return false;
        }

        ReadOnlySpan<byte> inner = text[1..^1];
        if (SmtpGrammar.StartsWithIgnoreCase(inner, "IPV6:"u8))
        {
            return IsIPv6(inner[5..]);
        }

        int colon = inner.IndexOf((byte)':');
        if (colon > 0)
        {
            // General-address-literal: Standardized-tag ":" 1*dcontent (tags are registered Ldh-str).
            ReadOnlySpan<byte> tag = inner[..colon];
            ReadOnlySpan<byte> content = inner[(colon + 1)..];
            return IsLdhString(tag) && !content.IsEmpty && AllDcontent(content);
        }

        return IsIPv4(inner);
    }

    /// <summary>Four RFC 5321 Snum: 1*3DIGIT with a value of 0–255 (leading zeros allowed, as in the ABNF).</summary>
    public static bool IsIPv4(ReadOnlySpan<byte> text)
    {
        int parts = 0;
        int value = 0;
        int digits = 0;
        foreach (byte b in text)
        {
            if (SmtpGrammar.IsDigit(b))
            {
                value = (value * 10) + (b - '0');
                if (++digits > 3 || value > 255)
                {
                    return false;
                }
            }
            else if (b == (byte)'.' && digits > 0 && parts < 3)
            {
                parts++;
                value = 0;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        return parts == 3 && digits > 0;
    }

    private static bool IsIPv6(ReadOnlySpan<byte> text)
    {
        // Longest textual IPv6 with an embedded IPv4 tail is 45 characters.
        if (text.IsEmpty || text.Length > 45)
        {
            return false;
        }

        Span<char> chars = stackalloc char[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if (!(SmtpGrammar.IsDigit(b) || b is (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F') or (byte)':' or (byte)'.'))
            {
                return false;
            }

            chars[i] = (char)b;
        }

        return IPAddress.TryParse(chars, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static bool IsLdhString(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text[^1] == (byte)'-')
        {
            return false;
        }

        foreach (byte b in text)
        {
            if (!SmtpGrammar.IsLetterOrDigit(b) && b != (byte)'-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDcontent(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (!SmtpGrammar.IsDcontent(b))
            {
                return false;
            }
        }

        return true;
    }
}
