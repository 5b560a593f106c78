using System.Buffers;

namespace SmtpShield.Protocol;

/// <summary>Character classes of RFC 5321 §4.1.2 and RFC 5322 §3.2.3, as lookup tables.</summary>
internal static class SmtpGrammar
{
    // RFC 5322 atext: ALPHA / DIGIT / "!#$%&'*+-/=?^_`{|}~"
    public static readonly SearchValues<byte> Atext = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~"u8);

    /// <summary>atext plus ".": the bytes of an ASCII Dot-string, for one vectorised scan.</summary>
    public static readonly SearchValues<byte> AtextOrDot = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~."u8);

    /// <summary>Letters, digits, hyphen and dot: the bytes of an ASCII domain, for one vectorised scan.</summary>
    public static readonly SearchValues<byte> LdhOrDot = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-."u8);

    public static readonly SearchValues<byte> LetterDigitOrHyphen = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"u8);

    public static readonly SearchValues<byte> LetterOrDigit = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"u8);

    public static bool IsLetterOrDigit(byte b) => LetterOrDigit.Contains(b);

    public static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>RFC 5321 qtextSMTP: %d32-33 / %d35-91 / %d93-126.</summary>
    public static bool IsQtext(byte b) => b is 32 or 33 or (>= 35 and <= 91) or (>= 93 and <= 126);

    /// <summary>RFC 5321 dcontent: %d33-90 / %d94-126.</summary>
    public static bool IsDcontent(byte b) => b is (>= 33 and <= 90) or (>= 94 and <= 126);

    /// <summary>RFC 5321 esmtp-value characters: %d33-60 / %d62-126, plus UTF-8 (RFC 6531 §3.3).</summary>
    public static bool IsEsmtpValueChar(byte b) => b is (>= 33 and <= 60) or (>= 62 and <= 126) or >= 0x80;

    public static bool IsUtf8Byte(byte b) => b >= 0x80;

    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> upperAscii)
    {
        if (text.Length != upperAscii.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if (b is >= (byte)'a' and <= (byte)'z')
            {
                b -= 0x20;
            }

            if (b != upperAscii[i])
            {
                return false;
            }
        }

        return true;
    }

    public static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> upperAscii) =>
        text.Length >= upperAscii.Length && EqualsIgnoreCase(text[..upperAscii.Length], upperAscii);
}
