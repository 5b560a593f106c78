namespace SmtpShield.Dns.Tests;

/// <summary>Golden messages are written as hex with spaces between fields, so a reader can follow RFC 1035 §4.1.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(string.Concat(hex.Where(char.IsAsciiHexDigit)));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
