using FsCheck;
using FsCheck.Fluent;

namespace SmtpShield.Protocol.Tests;

/// <summary>
/// FsCheck generators for property tests: uniformly random bytes find little in a parser, so most inputs are
/// assembled from SMTP tokens, separators, terminators and the irregular bytes the reader must flag.
/// </summary>
internal static class SmtpishBytes
{
    private static readonly string[] s_tokenTexts =
    [
        "HELO ", "EHLO ", "MAIL FROM:", "RCPT TO:", "DATA", "RSET", "NOOP", "QUIT", "VRFY ", "STARTTLS", "mail from: ",
        "GET / HTTP/1.1", "Host: ", "<", ">", "<>", "@", ".", ":", ",", ";", "\"", "\\", "[", "]", "IPv6:", "::",
        "192.0.2.1", "example.org", "a", "Z", "0", "9", "-", "_", " ", "  ", "=", "+", "+2B", "+zz",
        "SIZE=", "BODY=", "8BITMIME", "SMTPUTF8", "RET=", "ENVID=", "NOTIFY=", "NEVER", "SUCCESS,", "ORCPT=", "rfc822;",
        "Postmaster", "\r\n", "\r\n", "\r\n", "\n", "\r", "\0", "\t",
        "\u00c3\u00a9", "\u00e4\u00be\u008b", "\u00c3", "\u00ff", "\u0080", "\u00f0\u009f\u0098\u0080", "\u00ed\u00a0\u0080",
    ];

    /// <summary>Any bytes at all.</summary>
    public static Arbitrary<byte[]> Arbitrary => ArbMap.Default.ArbFor<byte[]>();

    /// <summary>Sequences of SMTP-ish tokens (chars U+0000–U+00FF stand for single octets).</summary>
    public static Gen<byte[]> Tokens =>
        Gen.Elements(s_tokenTexts).ArrayOf().Select(tokens => Wire.Raw(string.Concat(tokens)));

    /// <summary>Mostly SMTP-ish, sometimes wholly random.</summary>
    public static Arbitrary<byte[]> Mixed =>
        Gen.Frequency((4, Tokens), (1, Arbitrary.Generator)).ToArbitrary();

    /// <summary>A limit small enough that generated lines often exceed it.</summary>
    public static Gen<int> SmallLimit => Gen.Choose(8, 80);

    /// <summary>Chunk sizes for splitting a stream into reads.</summary>
    public static Gen<int[]> ChunkSizes => Gen.Choose(1, 40).ArrayOf();

    public static IEnumerable<byte[]> Chunk(byte[] bytes, int[] sizes)
    {
        int position = 0;
        int i = 0;
        while (position < bytes.Length)
        {
            int size = sizes.Length == 0 ? bytes.Length : sizes[i++ % sizes.Length];
            int length = Math.Min(size, bytes.Length - position);
            yield return bytes[position..(position + length)];
            position += length;
        }
    }
}
