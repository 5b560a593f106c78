using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests.Wire;

/// <summary>
/// Names are read with compression (RFC 1035 §4.1.4), and no hostile bytes make the reader loop, read out of
/// bounds or accept more than 255 octets: pointers must point strictly before the segment that holds them,
/// and at most 32 are followed.
/// </summary>
public class NameDecodingTests
{
    [Fact]
    public void PlainName_IsReadAndTheOffsetMovesPastIt()
    {
        (DnsDecodeStatus status, string name, int offset) = Read("03616263 076578616d706c65 00 ffff", 0);

        Assert.Equal((DnsDecodeStatus.Complete, "abc.example", 13), (status, name, offset));
    }

    [Fact]
    public void Pointer_ContinuesAtAnEarlierName_AndTheOffsetMovesPastThePointerOnly()
    {
        // "example" at 0, then "mail" + pointer to 0 at 9.
        (DnsDecodeStatus status, string name, int offset) = Read("076578616d706c65 00 046d61696c c000", 9);

        Assert.Equal((DnsDecodeStatus.Complete, "mail.example", 16), (status, name, offset));
    }

    [Fact]
    public void Root_IsADot()
    {
        Assert.Equal((DnsDecodeStatus.Complete, ".", 1), Read("00", 0));
    }

    [Fact]
    public void Case_IsKept()
    {
        Assert.Equal("MaIl.Example", Read("044d61496c074578616d706c6500", 0).Name);
    }

    [Theory]
    [InlineData("03 612e62 00", @"a\.b")]
    [InlineData("01 5c 00", @"\\")]
    [InlineData("03 612062 00", @"a\032b")]
    [InlineData("02 00ff 00", @"\000\255")]
    [InlineData("03 2a2d5f 00", "*-_")]
    public void OctetsOutsidePrintableAscii_AndDotsInLabels_AreEscaped(string hex, string expected)
    {
        Assert.Equal(expected, Read(hex, 0).Name);
    }

    [Theory]
    [InlineData("c000", 0)] // points at itself
    [InlineData("c002 0161 00", 0)] // points forward
    [InlineData("0161 c000", 0)] // label, then back to the start of the same segment: a loop
    [InlineData("c002 c000", 2)] // two pointers pointing at each other
    [InlineData("0161 00 0162 c003", 3)] // back to the start of the segment it ends
    [InlineData("c0ff", 0)] // far beyond the message
    public void PointersThatDoNotPointStrictlyBackwards_AreRefused(string hex, int start)
    {
        Assert.Equal(DnsDecodeStatus.PointerNotBackwards, Read(hex, start).Status);
    }

    [Fact]
    public void ChainsOfMoreThan32Pointers_AreRefused()
    {
        // "a" at 0, then pointer k at 3 + 2k pointing at the one before it: each strictly backwards.
        var bytes = new List<byte> { 1, (byte)'a', 0 };
        for (int k = 0; k < 40; k++)
        {
            int target = k == 0 ? 0 : 3 + (2 * (k - 1));
            bytes.Add((byte)(0xC0 | (target >> 8)));
            bytes.Add((byte)target);
        }

        byte[] message = [.. bytes];
        int offset32 = 3 + (2 * 31);
        int offset33 = 3 + (2 * 32);
        Assert.Equal(DnsDecodeStatus.Complete, DnsName.TryRead(message, ref offset32, out string name));
        Assert.Equal("a", name);
        Assert.Equal(DnsDecodeStatus.TooManyPointers, DnsName.TryRead(message, ref offset33, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("03 6162")] // label runs past the end
    [InlineData("03 616263")] // no root label
    [InlineData("0161 c0")] // half a pointer
    public void ReadsPastTheEnd_AreRefused(string hex)
    {
        Assert.Equal(DnsDecodeStatus.OutOfBounds, Read(hex, 0).Status);
    }

    [Theory]
    [InlineData("41 61 00")] // 01xxxxxx: extended label type (RFC 6891 §5)
    [InlineData("80 61 00")] // 10xxxxxx: reserved
    public void ExtendedAndReservedLabelTypes_AreRefused(string hex)
    {
        Assert.Equal(DnsDecodeStatus.UnsupportedLabelType, Read(hex, 0).Status);
    }

    [Fact]
    public void Names_MayHave255Octets_But256AreTooMany()
    {
        string label63 = "3f" + string.Concat(Enumerable.Repeat("61", 63));
        string label61 = "3d" + string.Concat(Enumerable.Repeat("62", 61));
        string label62 = "3e" + string.Concat(Enumerable.Repeat("62", 62));

        (DnsDecodeStatus status, string name, _) = Read(label63 + label63 + label63 + label61 + "00", 0);
        Assert.Equal(DnsDecodeStatus.Complete, status);
        Assert.Equal(253, name.Length);
        Assert.Equal(DnsDecodeStatus.NameTooLong, Read(label63 + label63 + label63 + label62 + "00", 0).Status);
    }

    [Fact]
    public void NamesMadeTooLongByCompression_AreRefused()
    {
        string label63 = "3f" + string.Concat(Enumerable.Repeat("61", 63));

        // 193 octets at 0, then a 63-octet label pointing at them: 257 octets in all.
        Assert.Equal(DnsDecodeStatus.NameTooLong, Read(label63 + label63 + label63 + "00" + label63 + "c000", 193).Status);
    }

    [Theory]
    [InlineData("example.org", "EXAMPLE.ORG.", true)]
    [InlineData("example.org.", "Example.Org", true)]
    [InlineData(".", "", true)]
    [InlineData("example.org", "example.com", false)]
    [InlineData(@"a\.", "a", false)]
    [InlineData("k.example", "\u212a.example", false)]
    public void Names_CompareCaseInsensitively_AsciiOnly(string a, string b, bool equal)
    {
        Assert.Equal(equal, DnsName.EqualsIgnoreCase(a, b));
    }

    [Theory]
    [InlineData("Mail.Example.ORG.", "mail.example.org")]
    [InlineData("mail.example.org", "mail.example.org")]
    [InlineData(".", ".")]
    [InlineData("", ".")]
    [InlineData(@"A\.", @"a\.")]
    [InlineData("\u212a", "\u212a")]
    public void Normalize_FoldsAsciiCase_AndDropsTheTrailingDot(string name, string expected)
    {
        Assert.Equal(expected, DnsName.Normalize(name));
    }

    private static (DnsDecodeStatus Status, string Name, int Offset) Read(string hex, int offset)
    {
        byte[] message = Hex.Bytes(hex);
        DnsDecodeStatus status = DnsName.TryRead(message, ref offset, out string name);
        return (status, name, offset);
    }
}
