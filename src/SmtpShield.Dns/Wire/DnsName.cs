using System.Text;

namespace SmtpShield.Dns.Wire;

/// <summary>
/// Domain names between presentation form ("mail.example.org", escapes per RFC 1035 §5.1) and wire form
/// (length-prefixed labels, RFC 1035 §3.1), with message compression on read (RFC 1035 §4.1.4).
/// Presentation form here never has a trailing dot, except the root, which is ".".
/// </summary>
internal static class DnsName
{
    public const string Root = ".";

    // A wire name of 255 octets has at most 254 label octets; each becomes at most 4 characters (\DDD)
    // plus a dot per label, so 1024 characters hold any decoded name.
    private const int MaxPresentationLength = 1024;

    /// <summary>
    /// Writes <paramref name="name"/> in wire form. A trailing dot is allowed; "" and "." are the root.
    /// <paramref name="destination"/> needs <see cref="DnsLimits.MaxNameWireLength"/> octets at most.
    /// </summary>
    public static DnsNameError TryWrite(string name, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < DnsLimits.MaxNameWireLength)
        {
            throw new ArgumentException("The destination must hold a name of the maximum length.", nameof(destination));
        }

        if (name.Length is 0 || name is Root)
        {
            destination[0] = 0;
            written = 1;
            return DnsNameError.None;
        }

        int lengthAt = 0;
        int position = 1;
        int labelLength = 0;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return DnsNameError.EmptyLabel;
                }

                destination[lengthAt] = (byte)labelLength;
                if (i == name.Length - 1)
                {
                    // The trailing dot of a fully qualified name: the root label follows below.
                    labelLength = 0;
                    break;
                }

                lengthAt = position++;
                labelLength = 0;
                continue;
            }

            int octet;
            if (c == '\\')
            {
                octet = ReadEscape(name, ref i);
                if (octet < 0)
                {
                    return DnsNameError.InvalidEscape;
                }
            }
            else if (c is > ' ' and < (char)0x7F)
            {
                octet = c;
            }
            else
            {
                return DnsNameError.InvalidCharacter;
            }

            if (++labelLength > DnsLimits.MaxLabelLength)
            {
                return DnsNameError.LabelTooLong;
            }

            // Keep one octet for the root label that ends every name.
            if (position >= DnsLimits.MaxNameWireLength - 1)
            {
                return DnsNameError.NameTooLong;
            }

            destination[position++] = (byte)octet;
        }

        if (labelLength > 0)
        {
            destination[lengthAt] = (byte)labelLength;
        }

        destination[position++] = 0;
        written = position;
        return DnsNameError.None;
    }

    /// <summary>
    /// Reads a possibly compressed name starting at <paramref name="offset"/>, which on success moves past
    /// the name's own octets (not past any octets a pointer led to). Never reads outside
    /// <paramref name="message"/>; never throws or loops on hostile input.
    /// </summary>
    public static DnsDecodeStatus TryRead(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        name = Root;
        Span<char> text = stackalloc char[MaxPresentationLength];
        int textLength = 0;
        int position = offset;
        int segmentStart = offset;
        int end = -1;
        int wireLength = 0;
        int jumps = 0;

        while (true)
        {
            if ((uint)position >= (uint)message.Length)
            {
                return DnsDecodeStatus.OutOfBounds;
            }

            byte length = message[position];
            switch (length & 0xC0)
            {
                case 0xC0:
                    if (position + 1 >= message.Length)
                    {
                        return DnsDecodeStatus.OutOfBounds;
                    }

                    int target = ((length & 0x3F) << 8) | message[position + 1];

                    // RFC 1035 §4.1.4 lets a pointer reach "a prior occurrence of the same name". Requiring it to
                    // land strictly before the segment being read (not just before the pointer) makes the
                    // segment starts strictly decrease, so no sequence of pointers can loop.
                    if (target >= segmentStart)
                    {
                        return DnsDecodeStatus.PointerNotBackwards;
                    }

                    if (++jumps > DnsLimits.MaxPointerJumps)
                    {
                        return DnsDecodeStatus.TooManyPointers;
                    }

                    if (end < 0)
                    {
                        end = position + 2;
                    }

                    position = target;
                    segmentStart = target;
                    continue;

                case 0x40:
                case 0x80:
                    return DnsDecodeStatus.UnsupportedLabelType;
            }

            if (length == 0)
            {
                if (end < 0)
                {
                    end = position + 1;
                }

                break;
            }

            wireLength += 1 + length;

            // The root label's octet still follows, hence the >=.
            if (wireLength >= DnsLimits.MaxNameWireLength)
            {
                return DnsDecodeStatus.NameTooLong;
            }

            if (position + 1 + length > message.Length)
            {
                return DnsDecodeStatus.OutOfBounds;
            }

            if (textLength > 0)
            {
                text[textLength++] = '.';
            }

            foreach (byte octet in message.Slice(position + 1, length))
            {
                textLength += Escape(octet, text[textLength..]);
            }

            position += 1 + length;
        }

        offset = end;
        name = textLength == 0 ? Root : new string(text[..textLength]);
        return DnsDecodeStatus.Complete;
    }

    /// <summary>Case-insensitive ASCII comparison (RFC 4343 §3), ignoring a trailing dot on either side.</summary>
    public static bool EqualsIgnoreCase(string a, string b) =>
        Ascii.EqualsIgnoreCase(TrimTrailingDot(a), TrimTrailingDot(b));

    /// <summary>ASCII lower case, no trailing dot: the form used as a cache and coalescing key.</summary>
    public static string Normalize(string name)
    {
        ReadOnlySpan<char> trimmed = TrimTrailingDot(name);
        if (trimmed.Length == 0)
        {
            return Root;
        }

        if (trimmed.Length == name.Length && !trimmed.ContainsAnyInRange('A', 'Z'))
        {
            return name;
        }

        // Only A-Z fold (RFC 4343 §3); culture-aware folding would map e.g. KELVIN SIGN to "k".
        return string.Create(trimmed.Length, name, static (span, source) =>
        {
            TrimTrailingDot(source).CopyTo(span);
            for (int i = 0; i < span.Length; i++)
            {
                if (char.IsAsciiLetterUpper(span[i]))
                {
                    span[i] = (char)(span[i] | 0x20);
                }
            }
        });
    }

    // "a." ends with the root label's dot; "a\." ends with an escaped dot, part of the label "a.".
    private static ReadOnlySpan<char> TrimTrailingDot(string name)
    {
        if (name is Root)
        {
            return [];
        }

        if (name.Length < 2 || name[^1] != '.')
        {
            return name;
        }

        int backslashes = 0;
        for (int i = name.Length - 2; i >= 0 && name[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0 ? name.AsSpan(0, name.Length - 1) : name;
    }

    // RFC 1035 §5.1: "\X" is the character X; "\DDD" is the octet with decimal value DDD.
    private static int ReadEscape(string name, ref int i)
    {
        if (i + 1 >= name.Length)
        {
            return -1;
        }

        char next = name[i + 1];
        if (!char.IsAsciiDigit(next))
        {
            i++;
            return next is > ' ' and < (char)0x7F ? next : -1;
        }

        if (i + 3 >= name.Length || !char.IsAsciiDigit(name[i + 2]) || !char.IsAsciiDigit(name[i + 3]))
        {
            return -1;
        }

        int value = ((next - '0') * 100) + ((name[i + 2] - '0') * 10) + (name[i + 3] - '0');
        i += 3;
        return value > 255 ? -1 : value;
    }

    // Printable ASCII stays as is, except the dot and backslash, which are escaped so that a label holding a
    // dot cannot pass for two labels; every other octet becomes \DDD (RFC 1035 §5.1).
    private static int Escape(byte octet, Span<char> destination)
    {
        if (octet is (byte)'.' or (byte)'\\')
        {
            destination[0] = '\\';
            destination[1] = (char)octet;
            return 2;
        }

        if (octet is > (byte)' ' and < 0x7F)
        {
            destination[0] = (char)octet;
            return 1;
        }

        destination[0] = '\\';
        destination[1] = (char)('0' + (octet / 100));
        destination[2] = (char)('0' + (octet / 10 % 10));
        destination[3] = (char)('0' + (octet % 10));
        return 4;
    }
}
