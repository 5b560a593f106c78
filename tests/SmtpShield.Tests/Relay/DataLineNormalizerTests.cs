using System.Buffers;
using System.Text;
using SmtpShield.Relay.Splice;

namespace SmtpShield.Tests.Relay;

/// <summary>
/// Message data in "none" mode: only CRLF.CRLF with proper line ends on both sides ends the data, and
/// whatever the backend receives has CRLF line ends only, so it finds the same end (SMTP smuggling).
/// </summary>
public class DataLineNormalizerTests
{
    private static (string Output, int Used, bool End, int Bare) Run(string input, int chunk = int.MaxValue)
    {
        var normalizer = new DataLineNormalizer();
        var output = new ArrayBufferWriter<byte>();
        byte[] bytes = Encoding.Latin1.GetBytes(input);
        int used = 0;
        bool end = false;
        while (used < bytes.Length && !end)
        {
            int length = Math.Min(chunk, bytes.Length - used);
            used += normalizer.Process(bytes.AsSpan(used, length), output, out end);
        }

        return (Encoding.Latin1.GetString(output.WrittenSpan), used, end, normalizer.BareLineEnds);
    }

    [Fact]
    public void ProperMessage_PassesUnchanged_AndStopsAtItsEnd()
    {
        (string output, int used, bool end, int bare) = Run("Subject: x\r\n\r\nbody\r\n..stuffed\r\n.\r\nQUIT\r\n");
        Assert.True(end);
        Assert.Equal("Subject: x\r\n\r\nbody\r\n..stuffed\r\n.\r\n", output);
        Assert.Equal("Subject: x\r\n\r\nbody\r\n..stuffed\r\n.\r\n".Length, used);
        Assert.Equal(0, bare);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EndOfData_SplitAcrossReads_IsFound(int chunk)
    {
        (string output, _, bool end, _) = Run("a\r\n.\r\nMAIL", chunk);
        Assert.True(end);
        Assert.Equal("a\r\n.\r\n", output);
    }

    [Fact]
    public void EndOfData_RightAfter354_IsFound()
    {
        (string output, _, bool end, _) = Run(".\r\n");
        Assert.True(end);
        Assert.Equal(".\r\n", output);
    }

    [Theory]
    [InlineData("a\n.\nMAIL FROM:<x>\r\n", "a\r\n..\r\nMAIL FROM:<x>\r\n")] // bare LF around the dot: the classic smuggling
    [InlineData("a\r\n.\nRCPT\r\n", "a\r\n..\r\nRCPT\r\n")] // dot line ended by a bare LF
    [InlineData("a\n.\r\nX\r\n", "a\r\n..\r\nX\r\n")] // dot line after a bare LF
    [InlineData("a\r.\rX\r\n", "a\r\n..\r\nX\r\n")] // bare CRs
    public void DotLineNextToABareLineEnd_IsStuffedContent_NotTheEnd(string input, string expected)
    {
        (string output, _, bool end, int bare) = Run(input);
        Assert.False(end);
        Assert.Equal(expected, output);
        Assert.True(bare >= 1);
    }

    [Fact]
    public void SmuggledMessage_StaysInsideTheFirst_UntilTheRealEnd()
    {
        (string output, int used, bool end, _) = Run("one\n.\nMAIL FROM:<evil>\r\n\r\n.\r\nQUIT\r\n");
        Assert.True(end);
        Assert.Equal("one\r\n..\r\nMAIL FROM:<evil>\r\n\r\n.\r\n", output);
        Assert.Equal("one\n.\nMAIL FROM:<evil>\r\n\r\n.\r\n".Length, used);
    }

    [Fact]
    public void BareLineEnds_BecomeCrlf_AndAreCounted()
    {
        (string output, _, bool end, int bare) = Run("a\nb\rc\r\n");
        Assert.False(end);
        Assert.Equal("a\r\nb\r\nc\r\n", output);
        Assert.Equal(2, bare);
    }

    [Fact]
    public void EightBitAndNul_PassThrough()
    {
        (string output, _, _, _) = Run("\u00e9\0x\r\n");
        Assert.Equal("\u00e9\0x\r\n", output);
    }
}
