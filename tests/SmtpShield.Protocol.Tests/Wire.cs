using System.Text;

namespace SmtpShield.Protocol.Tests;

/// <summary>Wire text for the tables: strings are sent as UTF-8, or byte for byte with <see cref="Raw"/>.</summary>
internal static class Wire
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Each char is one octet (U+0000–U+00FF), for invalid UTF-8 and other raw bytes.</summary>
    public static byte[] Raw(string octets) => Encoding.Latin1.GetBytes(octets);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static string Text(ReadOnlySequence<byte> bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Octets as chars, one to one: keeps invalid UTF-8 distinguishable in comparisons.</summary>
    public static string Octets(ReadOnlyMemory<byte> bytes) => Encoding.Latin1.GetString(bytes.Span);

    public static ParseStatus Parse(string line, out SmtpCommand command) =>
        SmtpCommandParser.Parse(Bytes(line), LineFlags.None, out command);

    public static byte[] Repeat(char c, int count) => Bytes(new string(c, count));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
