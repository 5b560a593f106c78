namespace SmtpShield.Protocol.Tests;

/// <summary>
/// <see cref="SmtpLineReader"/>: splitting at LF under the RFC 5321 §4.5.3.1.4 limit (512 octets with the
/// CRLF), reporting irregular bytes, and dropping overlong lines without buffering them.
/// </summary>
public class LineReaderTests
{
    private readonly record struct LineRead(LineStatus Status, string Line, LineFlags Flags, long Consumed);

    private static LineRead ReadLine(byte[] wire, int maxLineLength = SmtpLineReader.DefaultMaxLineLength)
    {
        var reader = new SmtpLineReader(maxLineLength);
        return ReadLine(ref reader, new ReadOnlySequence<byte>(wire));
    }

    private static LineRead ReadLine(ref SmtpLineReader reader, ReadOnlySequence<byte> buffer)
    {
        var input = new SequenceReader<byte>(buffer);
        LineStatus status = reader.TryReadLine(ref input, out ReadOnlySequence<byte> line, out LineFlags flags);
        return new LineRead(status, Wire.Text(line), flags, input.Consumed);
    }

    [Fact]
    public void CrLfTerminatedLine_IsReturnedWithoutItsTerminatorAndWithoutFlags()
    {
        LineRead read = ReadLine(Wire.Bytes("QUIT\r\n"));

        Assert.Equal(new LineRead(LineStatus.Line, "QUIT", LineFlags.None, 6), read);
    }

    [Fact]
    public void LineEndingInBareLineFeed_IsFlagged()
    {
        LineRead read = ReadLine(Wire.Bytes("QUIT\n"));

        Assert.Equal(new LineRead(LineStatus.Line, "QUIT", LineFlags.BareLineFeed, 5), read);
    }

    [Theory]
    [InlineData("QU\rIT\r\n", LineFlags.BareCarriageReturn)]
    [InlineData("QUIT\r\r\n", LineFlags.BareCarriageReturn)]
    [InlineData("\rQUIT\r\n", LineFlags.BareCarriageReturn)]
    [InlineData("NO\0OP\r\n", LineFlags.Nul)]
    [InlineData("\0\r\n", LineFlags.Nul)]
    [InlineData("EHLO h\u00e9\r\n", LineFlags.EightBit)]
    [InlineData("EHLO \u00ff\r\n", LineFlags.EightBit)]
    [InlineData("EHLO \u0080\r\n", LineFlags.EightBit)]
    [InlineData("A\rB\0C\u00c3\n", LineFlags.BareCarriageReturn | LineFlags.Nul | LineFlags.EightBit | LineFlags.BareLineFeed)]
    [InlineData("EHLO \u007f\r\n", LineFlags.None)]
    [InlineData("EHLO \t\u0001\u001f\r\n", LineFlags.None)]
    public void IrregularBytes_AreReportedAsFlags(string octets, LineFlags expected)
    {
        LineRead read = ReadLine(Wire.Raw(octets));

        Assert.Equal(LineStatus.Line, read.Status);
        Assert.Equal(expected, read.Flags);
    }

    [Theory]
    [InlineData("\r\n", LineFlags.None)]
    [InlineData("\n", LineFlags.BareLineFeed)]
    public void EmptyLine_IsALine(string wire, LineFlags expected)
    {
        LineRead read = ReadLine(Wire.Bytes(wire));

        Assert.Equal(new LineRead(LineStatus.Line, "", expected, wire.Length), read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("QUIT")]
    [InlineData("QUIT\r")]
    [InlineData("MAIL FROM:<a@example.org>")]
    public void LineWithoutLineFeed_NeedsMoreDataAndConsumesNothing(string wire)
    {
        LineRead read = ReadLine(Wire.Bytes(wire));

        Assert.Equal(new LineRead(LineStatus.NeedMoreData, "", LineFlags.None, 0), read);
    }

    [Fact]
    public void OnlyTheFirstLine_IsRead()
    {
        LineRead read = ReadLine(Wire.Bytes("RSET\r\nQUIT\r\n"));

        Assert.Equal(new LineRead(LineStatus.Line, "RSET", LineFlags.None, 6), read);
    }

    [Fact]
    public void DefaultReader_UsesTheRfc5321Limit()
    {
        Assert.Equal(512, SmtpLineReader.DefaultMaxLineLength);
        Assert.Equal(512, default(SmtpLineReader).MaxLineLength);
        Assert.Equal(512, new SmtpCommandReader().MaxLineLength);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(-1)]
    public void LimitBelowEightOctets_IsRefused(int maxLineLength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmtpLineReader(maxLineLength));
    }

    [Fact]
    public void LineOfExactlyTheLimit_IsAccepted()
    {
        // 510 octets + CRLF = 512.
        byte[] wire = Wire.Concat(Wire.Repeat('a', 510), Wire.Bytes("\r\n"));

        LineRead read = ReadLine(wire);

        Assert.Equal(LineStatus.Line, read.Status);
        Assert.Equal(510, read.Line.Length);
        Assert.Equal(512, read.Consumed);
    }

    [Fact]
    public void LineOfExactlyTheLimitWithBareLineFeed_IsAccepted()
    {
        byte[] wire = Wire.Concat(Wire.Repeat('a', 511), Wire.Bytes("\n"));

        LineRead read = ReadLine(wire);

        Assert.Equal(new LineRead(LineStatus.Line, new string('a', 511), LineFlags.BareLineFeed, 512), read);
    }

    [Fact]
    public void LineOneOctetOverTheLimit_IsTooLongAndTheNextLineIsRead()
    {
        // 511 octets + CRLF = 513.
        byte[] wire = Wire.Concat(Wire.Repeat('a', 511), Wire.Bytes("\r\nQUIT\r\n"));
        var reader = new SmtpLineReader(SmtpLineReader.DefaultMaxLineLength);
        var buffer = new ReadOnlySequence<byte>(wire);

        LineRead first = ReadLine(ref reader, buffer);
        LineRead second = ReadLine(ref reader, buffer.Slice(first.Consumed));

        Assert.Equal(new LineRead(LineStatus.LineTooLong, "", LineFlags.None, 513), first);
        Assert.Equal(new LineRead(LineStatus.Line, "QUIT", LineFlags.None, 6), second);
        Assert.False(reader.IsDiscarding);
    }

    [Fact]
    public void OverlongLine_IsReportedOnceAfterItsLineFeed()
    {
        byte[] wire = Wire.Concat(Wire.Repeat('x', 2000), Wire.Bytes("\r\nNOOP\r\n"));
        var reader = new SmtpLineReader(SmtpLineReader.DefaultMaxLineLength);
        var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire));

        var statuses = new List<LineStatus>();
        LineStatus status;
        while ((status = reader.TryReadLine(ref input, out _, out _)) != LineStatus.NeedMoreData)
        {
            statuses.Add(status);
        }

        Assert.Equal([LineStatus.LineTooLong, LineStatus.Line], statuses);
        Assert.True(input.End);
    }

    [Fact]
    public void OverlongLineWithoutLineFeed_IsDroppedAsItArrives()
    {
        var reader = new SmtpLineReader(SmtpLineReader.DefaultMaxLineLength);

        LineRead read = ReadLine(ref reader, new ReadOnlySequence<byte>(Wire.Repeat('x', 600)));

        Assert.Equal(new LineRead(LineStatus.NeedMoreData, "", LineFlags.None, 600), read);
        Assert.True(reader.IsDiscarding);
    }

    [Fact]
    public void OverlongLine_IsConsumedAcrossManyChunksWithoutBeingBuffered()
    {
        var inbound = new InboundBuffer();
        var seen = new List<CommandSnapshot>();

        for (int i = 0; i < 100; i++)
        {
            seen.AddRange(inbound.Receive(Wire.Repeat('x', 300)));
            Assert.True(inbound.Buffered < SmtpLineReader.DefaultMaxLineLength, $"chunk {i}: {inbound.Buffered} octets held");
        }

        seen.AddRange(inbound.Receive(Wire.Bytes("xxx\r\nQUIT\r\n")));

        Assert.Equal([ParseStatus.LineTooLong, ParseStatus.Complete], seen.Select(c => c.Status));
        Assert.Equal(SmtpVerb.Quit, seen[1].Verb);
        Assert.True(inbound.MostBuffered < SmtpLineReader.DefaultMaxLineLength);
        Assert.Equal(0, inbound.Buffered);
    }

    [Fact]
    public void ShortChunksOfAnOverlongLine_AreHeldOnlyUntilTheLimit()
    {
        var inbound = new InboundBuffer(maxLineLength: 64);

        for (int i = 0; i < 50; i++)
        {
            Assert.Empty(inbound.Receive(Wire.Repeat('x', 10)));
        }

        List<CommandSnapshot> read = inbound.Receive(Wire.Bytes("\nRSET\n"));

        Assert.Equal([ParseStatus.LineTooLong, ParseStatus.Complete], read.Select(c => c.Status));
        Assert.True(inbound.MostBuffered < 64, $"{inbound.MostBuffered} octets held");
    }

    [Fact]
    public void Discarding_LastsUntilTheLineFeed()
    {
        var reader = new SmtpLineReader(16);

        LineRead overlong = ReadLine(ref reader, new ReadOnlySequence<byte>(Wire.Repeat('x', 20)));
        bool discardingAfterOverlong = reader.IsDiscarding;
        LineRead more = ReadLine(ref reader, new ReadOnlySequence<byte>(Wire.Bytes("MAIL FROM:<a@b>")));
        bool discardingAfterMore = reader.IsDiscarding;
        LineRead end = ReadLine(ref reader, new ReadOnlySequence<byte>(Wire.Bytes("\r\nQUIT\r\n")));

        Assert.Equal((LineStatus.NeedMoreData, 20L, true), (overlong.Status, overlong.Consumed, discardingAfterOverlong));
        Assert.Equal((LineStatus.NeedMoreData, 15L, true), (more.Status, more.Consumed, discardingAfterMore));
        Assert.Equal((LineStatus.LineTooLong, 2L), (end.Status, end.Consumed));
        Assert.False(reader.IsDiscarding);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(4096)]
    public void Limit_IsConfigurable(int maxLineLength)
    {
        byte[] fits = Wire.Concat(Wire.Repeat('a', maxLineLength - 2), Wire.Bytes("\r\n"));
        byte[] tooLong = Wire.Concat(Wire.Repeat('a', maxLineLength - 1), Wire.Bytes("\r\n"));

        Assert.Equal(maxLineLength, new SmtpLineReader(maxLineLength).MaxLineLength);
        Assert.Equal(LineStatus.Line, ReadLine(fits, maxLineLength).Status);
        Assert.Equal(LineStatus.LineTooLong, ReadLine(tooLong, maxLineLength).Status);
    }

    [Fact]
    public void LineAcrossSegments_IsReturnedWhole()
    {
        var reader = new SmtpLineReader(SmtpLineReader.DefaultMaxLineLength);
        ReadOnlySequence<byte> buffer = SegmentedSequence.Create(Wire.Bytes("MAIL FR"), Wire.Bytes("OM:<a@b>"), Wire.Bytes("\r\n"));

        LineRead read = ReadLine(ref reader, buffer);

        Assert.Equal(new LineRead(LineStatus.Line, "MAIL FROM:<a@b>", LineFlags.None, 17), read);
    }

    [Fact]
    public void CarriageReturnAndLineFeedInDifferentSegments_StillEndTheLine()
    {
        var reader = new SmtpLineReader(SmtpLineReader.DefaultMaxLineLength);
        ReadOnlySequence<byte> buffer = SegmentedSequence.Create(Wire.Bytes("QUIT\r"), Wire.Bytes("\n"));

        LineRead read = ReadLine(ref reader, buffer);

        Assert.Equal(new LineRead(LineStatus.Line, "QUIT", LineFlags.None, 6), read);
    }

    [Fact]
    public void IrregularBytesInLaterSegments_AreFlagged()
    {
        var reader = new SmtpLineReader(SmtpLineReader.DefaultMaxLineLength);
        ReadOnlySequence<byte> buffer = SegmentedSequence.OneBytePerSegment(Wire.Raw("A\0B\rC\u00e9\n"));

        LineRead read = ReadLine(ref reader, buffer);

        Assert.Equal(LineFlags.Nul | LineFlags.BareCarriageReturn | LineFlags.EightBit | LineFlags.BareLineFeed, read.Flags);
    }
}
