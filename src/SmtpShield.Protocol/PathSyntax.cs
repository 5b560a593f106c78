using System.Text.Unicode;

namespace SmtpShield.Protocol;

/// <summary>
/// RFC 5321 §4.1.2 Path: "&lt;" [ A-d-l ":" ] Mailbox "&gt;", plus "&lt;&gt;" for reverse paths and
/// "&lt;Postmaster&gt;" for forward paths. UTF-8 in local part and domain follows RFC 6531 §3.3.
/// </summary>
internal static class PathSyntax
{
    /// <summary>Parses a path at the start of <paramref name="text"/>; <paramref name="consumed"/> ends after '&gt;'.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> text, bool isReversePath, out SmtpPath path, out int consumed)
    {
        path = default;
        consumed = 0;
        ReadOnlySpan<byte> span = text.Span;
        if (span.Length < 2 || span[0] != (byte)'<')
        {
            return false;
        }

        if (span[1] == (byte)'>')
        {
            consumed = 2;
            path = new SmtpPath(ReadOnlyMemory<byte>.Empty, -1, PathFlags.Null);
            return isReversePath;
        }

        var flags = PathFlags.None;
        int start = 1;
        if (span[start] == (byte)'@')
        {
            // A-d-l: obsolete source route; RFC 5321 §4.1.2 says servers SHOULD ignore it.
            int colon = span.IndexOf((byte)':');
            if (colon < 0 || !IsSourceRoute(span[start..colon]))
            {
                return false;
            }

            flags |= PathFlags.SourceRoute;
            start = colon + 1;
        }

        int position = start;
        if (!TryReadLocalPart(span, ref position, ref flags))
        {
            return false;
        }

        int atIndex = -1;
        if (position < span.Length && span[position] == (byte)'@')
        {
            atIndex = position - start;
            int domainStart = ++position;
            int close = span[domainStart..].IndexOf((byte)'>');
            if (close < 0)
            {
                return false;
            }

            ReadOnlySpan<byte> domain = span.Slice(domainStart, close);
            if (!IsDomainOrLiteral(domain, ref flags))
            {
                return false;
            }

            position = domainStart + close;
        }
        else if (isReversePath || (flags & PathFlags.QuotedLocalPart) != 0
                 || !SmtpGrammar.EqualsIgnoreCase(span[start..position], "POSTMASTER"u8))
        {
            return false;
        }
        else
        {
            flags |= PathFlags.Postmaster;
        }

        if (position >= span.Length || span[position] != (byte)'>')
        {
            return false;
        }

        consumed = position + 1;
        path = new SmtpPath(text[start..position], atIndex, flags);
        return true;
    }

    private static bool TryReadLocalPart(ReadOnlySpan<byte> span, ref int position, ref PathFlags flags)
    {
        int start = position;
        if (position < span.Length && span[position] == (byte)'"')
        {
            // Quoted-string = DQUOTE *QcontentSMTP DQUOTE; quoted-pairSMTP = "\" %d32-126
            flags |= PathFlags.QuotedLocalPart;
            position++;
            while (position < span.Length && span[position] != (byte)'"')
            {
                byte b = span[position];
                if (b == (byte)'\\')
                {
                    if (position + 1 >= span.Length || span[position + 1] is < 32 or > 126)
                    {
                        return false;
                    }

                    position += 2;
                    continue;
                }

                if (SmtpGrammar.IsUtf8Byte(b))
                {
                    flags |= PathFlags.NonAscii;
                }
                else if (!SmtpGrammar.IsQtext(b))
                {
                    return false;
                }

                position++;
            }

            if (position >= span.Length)
            {
                return false;
            }

            position++;
            return (flags & PathFlags.NonAscii) == 0 || Utf8.IsValid(span[start..position]);
        }

        // Dot-string = Atom *("." Atom). Common case: one vectorised scan over ASCII atext and dots.
        int plain = span[position..].IndexOfAnyExcept(SmtpGrammar.AtextOrDot);
        int end = plain < 0 ? span.Length : position + plain;
        if (end == span.Length || span[end] < 0x80)
        {
            ReadOnlySpan<byte> dotString = span[position..end];
            position = end;
            return !dotString.IsEmpty && dotString[0] != (byte)'.' && dotString[^1] != (byte)'.' && dotString.IndexOf(".."u8) < 0;
        }

        bool previousWasDot = true;
        while (position < span.Length)
        {
            byte b = span[position];
            if (b == (byte)'.')
            {
                if (previousWasDot)
                {
                    return false;
                }

                previousWasDot = true;
            }
            else if (SmtpGrammar.Atext.Contains(b))
            {
                previousWasDot = false;
            }
            else if (SmtpGrammar.IsUtf8Byte(b))
            {
                flags |= PathFlags.NonAscii;
                previousWasDot = false;
            }
            else
            {
                break;
            }

            position++;
        }

        return position > start && !previousWasDot
            && ((flags & PathFlags.NonAscii) == 0 || Utf8.IsValid(span[start..position]));
    }

    private static bool IsDomainOrLiteral(ReadOnlySpan<byte> domain, ref PathFlags flags)
    {
        if (!domain.IsEmpty && domain[0] == (byte)'[')
        {
            flags |= PathFlags.AddressLiteral;
            return DomainSyntax.IsAddressLiteral(domain);
        }

        if (!DomainSyntax.IsDomain(domain, out bool nonAscii))
        {
            return false;
        }

        if (nonAscii)
        {
            flags |= PathFlags.NonAscii;
        }

        return true;
    }

    private static bool IsSourceRoute(ReadOnlySpan<byte> route)
    {
        // At-domain *( "," At-domain ), At-domain = "@" Domain
        foreach (Range part in route.Split((byte)','))
        {
            ReadOnlySpan<byte> atDomain = route[part];
            if (atDomain.Length < 2 || atDomain[0] != (byte)'@' || !DomainSyntax.IsDomain(atDomain[1..], out _))
            {
                return false;
            }
        }

        return true;
    }
}
