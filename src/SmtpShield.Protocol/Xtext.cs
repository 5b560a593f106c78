using System.Globalization;
using System.Text;

namespace SmtpShield.Protocol;

/// <summary>
/// RFC 3461 §4 xtext, the encoding of XCLIENT and XFORWARD values: octets "!" to "~" stand for
/// themselves except "+" and "="; every other octet (space, controls, 8-bit UTF-8) becomes "+XX".
/// </summary>
public static class Xtext
{
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] octets = Encoding.UTF8.GetBytes(value);
        var text = new StringBuilder(octets.Length);
        foreach (byte octet in octets)
        {
            if (octet is >= 33 and <= 126 and not (byte)'+' and not (byte)'=')
            {
                text.Append((char)octet);
            }
            else
            {
                text.Append('+').Append(octet.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
