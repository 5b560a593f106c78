using System.Text.Unicode;

namespace SmtpShield.Protocol;

/// <summary>
/// Parses mail-parameters / rcpt-parameters: *( SP esmtp-param ), esmtp-param = esmtp-keyword ["=" esmtp-value]
/// (RFC 5321 §4.1.2). Only the parameters SmtpShield can replay are accepted; any other is an error so
/// the client learns it at MAIL/RCPT time rather than after the backend has been asked.
/// </summary>
internal static class EsmtpParameterParser
{
    // RFC 3461 §4.4: ENVID is at most 100 characters; §4.2: ORCPT at most 500.
    private const int MaxEnvelopeIdLength = 100;
    private const int MaxOriginalRecipientLength = 500;

    public static SmtpSyntaxError Parse(ReadOnlyMemory<byte> text, SmtpVerb verb, out EsmtpParameters parameters)
    {
        parameters = EsmtpParameters.None;
        long size = -1;
        var body = BodyType.NotGiven;
        bool smtpUtf8 = false;
        var ret = DsnReturn.NotGiven;
        var notify = DsnNotify.NotGiven;
        ReadOnlyMemory<byte> envId = default;
        ReadOnlyMemory<byte> orcpt = default;
        bool seenEnvId = false;
        bool seenOrcpt = false;

        ReadOnlySpan<byte> span = text.Span;
        int position = 0;
        while (position < span.Length)
        {
            if (span[position] == (byte)' ')
            {
                position++;
                continue;
            }

            int end = span[position..].IndexOf((byte)' ');
            end = end < 0 ? span.Length : position + end;
            ReadOnlySpan<byte> param = span[position..end];
            int equals = param.IndexOf((byte)'=');
            ReadOnlySpan<byte> keyword = equals < 0 ? param : param[..equals];
            ReadOnlyMemory<byte> value = equals < 0 ? ReadOnlyMemory<byte>.Empty : text[(position + equals + 1)..end];
            if (!IsKeyword(keyword) || (equals >= 0 && !IsValue(value.Span)))
            {
                return SmtpSyntaxError.BadParameterSyntax;
            }

            bool hasValue = equals >= 0;
            SmtpSyntaxError error = verb == SmtpVerb.Mail
                ? ReadMailParameter(keyword, value, hasValue, ref size, ref body, ref smtpUtf8, ref ret, ref envId, ref seenEnvId)
                : ReadRcptParameter(keyword, value, hasValue, ref notify, ref orcpt, ref seenOrcpt);
            if (error != SmtpSyntaxError.None)
            {
                return error;
            }

            position = end;
        }

        parameters = new EsmtpParameters
        {
            Raw = text.Trim((byte)' '),
            Size = size,
            Body = body,
            SmtpUtf8 = smtpUtf8,
            Return = ret,
            EnvelopeId = envId,
            Notify = notify,
            OriginalRecipient = orcpt,
        };
        return SmtpSyntaxError.None;
    }

    private static SmtpSyntaxError ReadMailParameter(
        ReadOnlySpan<byte> keyword, ReadOnlyMemory<byte> value, bool hasValue,
        ref long size, ref BodyType body, ref bool smtpUtf8, ref DsnReturn ret,
        ref ReadOnlyMemory<byte> envId, ref bool seenEnvId)
    {
        ReadOnlySpan<byte> v = value.Span;
        if (SmtpGrammar.EqualsIgnoreCase(keyword, "SIZE"u8))
        {
            // RFC 1870: size-value ::= 1*20DIGIT
            if (size >= 0)
            {
                return SmtpSyntaxError.DuplicateParameter;
            }

            return TryParseSize(v, out size) ? SmtpSyntaxError.None : SmtpSyntaxError.BadParameterValue;
        }

        if (SmtpGrammar.EqualsIgnoreCase(keyword, "BODY"u8))
        {
            if (body != BodyType.NotGiven)
            {
                return SmtpSyntaxError.DuplicateParameter;
            }

            body = SmtpGrammar.EqualsIgnoreCase(v, "7BIT"u8) ? BodyType.SevenBit
                : SmtpGrammar.EqualsIgnoreCase(v, "8BITMIME"u8) ? BodyType.EightBitMime
                : SmtpGrammar.EqualsIgnoreCase(v, "BINARYMIME"u8) ? BodyType.BinaryMime
                : BodyType.NotGiven;
            return body == BodyType.NotGiven ? SmtpSyntaxError.BadParameterValue : SmtpSyntaxError.None;
        }

        if (SmtpGrammar.EqualsIgnoreCase(keyword, "SMTPUTF8"u8))
        {
            // RFC 6531 §3.4: SMTPUTF8 takes no value.
            if (smtpUtf8)
            {
                return SmtpSyntaxError.DuplicateParameter;
            }

            smtpUtf8 = true;
            return hasValue ? SmtpSyntaxError.BadParameterValue : SmtpSyntaxError.None;
        }

        if (SmtpGrammar.EqualsIgnoreCase(keyword, "RET"u8))
        {
            if (ret != DsnReturn.NotGiven)
            {
                return SmtpSyntaxError.DuplicateParameter;
            }

            ret = SmtpGrammar.EqualsIgnoreCase(v, "FULL"u8) ? DsnReturn.Full
                : SmtpGrammar.EqualsIgnoreCase(v, "HDRS"u8) ? DsnReturn.Headers
                : DsnReturn.NotGiven;
            return ret == DsnReturn.NotGiven ? SmtpSyntaxError.BadParameterValue : SmtpSyntaxError.None;
        }

        if (SmtpGrammar.EqualsIgnoreCase(keyword, "ENVID"u8))
        {
            if (seenEnvId)
            {
                return SmtpSyntaxError.DuplicateParameter;
            }

            // RFC 3461 §4.4: ENVID=xtext; a bare "ENVID" carries no identifier and is not valid.
            seenEnvId = true;
            envId = value;
            bool valid = hasValue && v.Length <= MaxEnvelopeIdLength && IsXtext(v);
            return valid ? SmtpSyntaxError.None : SmtpSyntaxError.BadParameterValue;
        }

        return SmtpSyntaxError.UnknownParameter;
    }

    private static SmtpSyntaxError ReadRcptParameter(
        ReadOnlySpan<byte> keyword, ReadOnlyMemory<byte> value, bool hasValue,
        ref DsnNotify notify, ref ReadOnlyMemory<byte> orcpt, ref bool seenOrcpt)
    {
        _ = hasValue;
        ReadOnlySpan<byte> v = value.Span;
        if (SmtpGrammar.EqualsIgnoreCase(keyword, "NOTIFY"u8))
        {
            if (notify != DsnNotify.NotGiven)
            {
                return SmtpSyntaxError.DuplicateParameter;
            }

            notify = ParseNotify(v);
            return notify == DsnNotify.NotGiven ? SmtpSyntaxError.BadParameterValue : SmtpSyntaxError.None;
        }

        if (SmtpGrammar.EqualsIgnoreCase(keyword, "ORCPT"u8))
        {
            if (seenOrcpt)
            {
                return SmtpSyntaxError.DuplicateParameter;
            }

            // RFC 3461 §4.2: ORCPT=addr-type ";" xtext
            seenOrcpt = true;
            orcpt = value;
            int semicolon = v.IndexOf((byte)';');
            bool valid = semicolon > 0 && v.Length <= MaxOriginalRecipientLength
                && IsAtom(v[..semicolon]) && IsXtextOrUtf8(v[(semicolon + 1)..]);
            return valid ? SmtpSyntaxError.None : SmtpSyntaxError.BadParameterValue;
        }

        return SmtpSyntaxError.UnknownParameter;
    }

    /// <summary>RFC 3461 §4.1: NOTIFY=NEVER, or a comma list of SUCCESS, FAILURE, DELAY.</summary>
    private static DsnNotify ParseNotify(ReadOnlySpan<byte> value)
    {
        if (SmtpGrammar.EqualsIgnoreCase(value, "NEVER"u8))
        {
            return DsnNotify.Never;
        }

        var notify = DsnNotify.NotGiven;
        foreach (Range range in value.Split((byte)','))
        {
            ReadOnlySpan<byte> item = value[range];
            DsnNotify flag = SmtpGrammar.EqualsIgnoreCase(item, "SUCCESS"u8) ? DsnNotify.Success
                : SmtpGrammar.EqualsIgnoreCase(item, "FAILURE"u8) ? DsnNotify.Failure
                : SmtpGrammar.EqualsIgnoreCase(item, "DELAY"u8) ? DsnNotify.Delay
                : DsnNotify.NotGiven;
            if (flag == DsnNotify.NotGiven || (notify & flag) != 0)
            {
                return DsnNotify.NotGiven;
            }

            notify |= flag;
        }

        return notify;
    }

    private static bool TryParseSize(ReadOnlySpan<byte> value, out long size)
    {
        size = 0;
        if (value.IsEmpty || value.Length > 20)
        {
            return false;
        }

        foreach (byte b in value)
        {
            if (!SmtpGrammar.IsDigit(b))
            {
                return false;
            }

            // 20 digits can exceed long: saturate, the size check will refuse it anyway.
            size = size > (long.MaxValue - 9) / 10 ? long.MaxValue : (size * 10) + (b - '0');
        }

        return true;
    }

    private static bool IsKeyword(ReadOnlySpan<byte> keyword)
    {
        // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
        return !keyword.IsEmpty && SmtpGrammar.IsLetterOrDigit(keyword[0]) && !keyword.ContainsAnyExcept(SmtpGrammar.LetterDigitOrHyphen);
    }

    private static bool IsValue(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        // Common case: printable ASCII without "=", in one vectorised pass.
        if (!value.ContainsAnyExceptInRange((byte)33, (byte)126))
        {
            return !value.Contains((byte)'=');
        }

        foreach (byte b in value)
        {
            if (!SmtpGrammar.IsEsmtpValueChar(b))
            {
                return false;
            }
        }

        return !value.ContainsAnyInRange((byte)0x80, (byte)0xFF) || Utf8.IsValid(value);
    }

    private static bool IsAtom(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (!SmtpGrammar.Atext.Contains(b))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    /// <summary>RFC 3461 §4: xtext = *( xchar / hexchar ), hexchar = "+" 2(%x30-39 / %x41-46).</summary>
    private static bool IsXtext(ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if (b == (byte)'+')
            {
                if (i + 2 >= text.Length || !IsUpperHex(text[i + 1]) || !IsUpperHex(text[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (b is < 33 or > 126 or (byte)'=')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 6533 §3 lets ORCPT carry utf-8-addr-xtext; accept UTF-8 alongside xtext.</summary>
    private static bool IsXtextOrUtf8(ReadOnlySpan<byte> text) =>
        !text.IsEmpty && (IsXtext(text) || (text.ContainsAnyInRange((byte)0x80, (byte)0xFF) && Utf8.IsValid(text)));

    private static bool IsUpperHex(byte b) => SmtpGrammar.IsDigit(b) || b is >= (byte)'A' and <= (byte)'F';
}
