using System.Runtime.InteropServices;

namespace SmtpShield.Protocol.Tests;

/// <summary>
/// <see cref="SmtpCommandReader"/>: lines from the line reader, parsed in order, with the overlong-line
/// report kept in its place among pipelined commands (RFC 2920) and split lines copied to one scratch array.
/// </summary>
public class CommandReaderTests
{
    [Fact]
    public void PipelinedCommands_AreReadInOrderUntilTheBufferRunsOut()
    {
        byte[] wire = Wire.Bytes("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\nQUI");
        var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);

        List<CommandSnapshot> read = CommandSnapshot.ReadAll(ref reader, new ReadOnlySequence<byte>(wire), out long consumed);

        Assert.Equal([SmtpVerb.Mail, SmtpVerb.Rcpt, SmtpVerb.Data], read.Select(c => c.Verb));
        Assert.Equal(wire.Length - 3, consumed);
    }

    [Fact]
    public void OverlongLine_KeepsItsPlaceAmongPipelinedCommands()
    {
        byte[] wire = Wire.Bytes("NOOP\r\n" + new string('x', 1000) + "\r\nRSET\r\n");

        List<CommandSnapshot> read = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(wire));

        Assert.Equal([ParseStatus.Complete, ParseStatus.LineTooLong, ParseStatus.Complete], read.Select(c => c.Status));
        Assert.Equal([SmtpVerb.Noop, SmtpVerb.Unknown, SmtpVerb.Rset], read.Select(c => c.Verb));
    }

    [Fact]
    public void CommandAfterAnOverlongLine_IsParsed()
    {
        byte[] wire = Wire.Bytes("MAIL FROM:<" + new string('a', 600) + "@example.org>\r\nMAIL FROM:<a@example.org>\r\n");

        List<CommandSnapshot> read = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(wire));

        Assert.Equal(2, read.Count);
        Assert.Equal(ParseStatus.LineTooLong, read[0].Status);
        Assert.Equal((ParseStatus.Complete, SmtpVerb.Mail, "a@example.org"), (read[1].Status, read[1].Verb, read[1].Mailbox));
    }

    [Fact]
    public void SyntaxErrors_DoNotStopThePipeline()
    {
        byte[] wire = Wire.Bytes("RCPT TO:<>\r\nDATA now\r\n\r\nQUIT\r\n");

        List<CommandSnapshot> read = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(wire));

        Assert.Equal(
            [SmtpSyntaxError.BadPath, SmtpSyntaxError.UnexpectedArgument, SmtpSyntaxError.EmptyLine, SmtpSyntaxError.None],
            read.Select(c => c.Error));
    }

    [Fact]
    public void LineInOneSegment_IsAViewIntoThatSegment()
    {
        byte[] wire = Wire.Bytes("RCPT TO:<b@example.org>\r\n");
        var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);
        var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire));

        reader.TryRead(ref input, out SmtpCommand command);

        Assert.True(MemoryMarshal.TryGetArray(command.Line, out ArraySegment<byte> line));
        Assert.Same(wire, line.Array);
    }

    [Fact]
    public void LineAcrossSegments_IsCopiedToTheScratchArray()
    {
        byte[] wire = Wire.Bytes("RCPT TO:<b@example.org> NOTIFY=NEVER\r\n");
        ReadOnlySequence<byte> buffer = SegmentedSequence.SplitAt(wire, 12);
        var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);
        var input = new SequenceReader<byte>(buffer);

        ParseStatus status = reader.TryRead(ref input, out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal("RCPT TO:<b@example.org> NOTIFY=NEVER", Wire.Text(command.Line));
        Assert.Equal("b@example.org", Wire.Text(command.Path.Mailbox));
        Assert.Equal(DsnNotify.Never, command.Parameters.Notify);
        Assert.True(MemoryMarshal.TryGetArray(command.Line, out ArraySegment<byte> line));
        Assert.True(line.Array!.Length >= SmtpLineReader.DefaultMaxLineLength);
        reader.ReleaseScratch();
    }

    [Fact]
    public void LineOfTheFullLimitAcrossSegments_FitsTheScratchArray()
    {
        // 14 + 496 + CRLF = 512 octets, split in the middle.
        byte[] wire = Wire.Bytes("VRFY something" + new string('x', 496) + "\r\n");
        Assert.Equal(512, wire.Length);
        var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);
        var input = new SequenceReader<byte>(SegmentedSequence.SplitAt(wire, 256));

        ParseStatus status = reader.TryRead(ref input, out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(510, command.Line.Length);
        reader.ReleaseScratch();
    }

    [Fact]
    public void ReleaseScratch_CanBeCalledAnyNumberOfTimes()
    {
        var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);
        var input = new SequenceReader<byte>(SegmentedSequence.SplitAt(Wire.Bytes("NOOP\r\nNOOP\r\n"), 2, 8));

        reader.ReleaseScratch();
        ParseStatus first = reader.TryRead(ref input, out _);
        reader.ReleaseScratch();
        reader.ReleaseScratch();
        ParseStatus second = reader.TryRead(ref input, out SmtpCommand command);
        reader.ReleaseScratch();

        Assert.Equal((ParseStatus.Complete, ParseStatus.Complete), (first, second));
        Assert.Equal(SmtpVerb.Noop, command.Verb);
    }

    [Fact]
    public void LineTooLong_ReturnsNoCommandFields()
    {
        var reader = new SmtpCommandReader(16);
        var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(Wire.Bytes("EHLO a.very.long.example.org\r\n")));

        ParseStatus status = reader.TryRead(ref input, out SmtpCommand command);

        Assert.Equal(ParseStatus.LineTooLong, status);
        Assert.Equal(SmtpVerb.Unknown, command.Verb);
        Assert.True(command.Line.IsEmpty);
        Assert.True(input.End);
    }
}
