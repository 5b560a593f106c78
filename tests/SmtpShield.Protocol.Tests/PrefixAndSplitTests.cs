namespace SmtpShield.Protocol.Tests;

/// <summary>
/// A command can arrive in any number of TCP reads. Every prefix must wait for more data without consuming
/// anything, and every way of splitting a pipelined group (RFC 2920) must read the same commands.
/// </summary>
public class PrefixAndSplitTests
{
    private const string PipelinedGroup =
        "EHLO mx.example.org\r\n" +
        "MAIL FROM:<\"a b\"@example.org> SIZE=1024 BODY=8BITMIME\r\n" +
        "RCPT TO:<user@[IPv6:2001:db8::1]> NOTIFY=SUCCESS,FAILURE\r\n" +
        "RCPT TO:<用户@例子.广告> ORCPT=utf-8;用户@例子.广告\n" +
        "RCPT TO:<>\r\n" +
        "NOOP\r\n" +
        "\r\n" +
        "DATA\r\n";

    public static TheoryData<string> SingleCommands => new()
    {
        "EHLO mx.example.org\r\n",
        "HELO [192.0.2.1]\r\n",
        "MAIL FROM:<> SIZE=0\r\n",
        "MAIL FROM:<jürgen@bücher.example> SMTPUTF8\r\n",
        "RCPT TO:<Postmaster>\n",
        "QUIT\r\n",
        "\r\n",
    };

    [Theory]
    [MemberData(nameof(SingleCommands))]
    public void EveryPrefixOfACommand_NeedsMoreDataAndConsumesNothing(string wire)
    {
        byte[] bytes = Wire.Bytes(wire);
        for (int length = 0; length < bytes.Length; length++)
        {
            var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);
            var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));

            ParseStatus status = reader.TryRead(ref input, out _);

            Assert.Equal(ParseStatus.NeedMoreData, status);
            Assert.Equal(0, input.Consumed);
        }
    }

    [Theory]
    [MemberData(nameof(SingleCommands))]
    public void WholeCommand_IsReadAndConsumed(string wire)
    {
        byte[] bytes = Wire.Bytes(wire);
        var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);
        var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));

        ParseStatus status = reader.TryRead(ref input, out _);

        Assert.NotEqual(ParseStatus.NeedMoreData, status);
        Assert.Equal(bytes.Length, input.Consumed);
    }

    [Fact]
    public void EveryPrefixOfAPipelinedGroup_ReadsTheCompleteLinesAndStopsAtTheLastOne()
    {
        byte[] bytes = Wire.Bytes(PipelinedGroup);
        List<CommandSnapshot> all = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(bytes));
        int[] lineEnds = [.. Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == (byte)'\n').Select(i => i + 1)];
        Assert.Equal(8, all.Count);
        Assert.Equal(all.Count, lineEnds.Length);

        for (int length = 0; length <= bytes.Length; length++)
        {
            var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);
            List<CommandSnapshot> read = CommandSnapshot.ReadAll(ref reader, new ReadOnlySequence<byte>(bytes, 0, length), out long consumed);

            int complete = lineEnds.Count(end => end <= length);
            Assert.Equal(all.Take(complete), read);
            Assert.Equal(complete == 0 ? 0 : lineEnds[complete - 1], consumed);
        }
    }

    [Fact]
    public void PipelinedGroup_ReadsAsExpected()
    {
        List<CommandSnapshot> read = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(Wire.Bytes(PipelinedGroup)));

        Assert.Equal(
            [SmtpVerb.Ehlo, SmtpVerb.Mail, SmtpVerb.Rcpt, SmtpVerb.Rcpt, SmtpVerb.Rcpt, SmtpVerb.Noop, SmtpVerb.Unknown, SmtpVerb.Data],
            read.Select(c => c.Verb));
        Assert.Equal(
            [SmtpSyntaxError.None, SmtpSyntaxError.None, SmtpSyntaxError.None, SmtpSyntaxError.None, SmtpSyntaxError.BadPath, SmtpSyntaxError.None, SmtpSyntaxError.EmptyLine, SmtpSyntaxError.None],
            read.Select(c => c.Error));
        Assert.Equal(LineFlags.EightBit | LineFlags.BareLineFeed, read[3].Flags);
    }

    [Fact]
    public void PipelinedGroupSplitAtEveryByte_ReadsTheSameCommands()
    {
        byte[] bytes = Wire.Bytes(PipelinedGroup);
        List<CommandSnapshot> contiguous = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(bytes));

        for (int split = 0; split <= bytes.Length; split++)
        {
            ReadOnlySequence<byte> buffer = SegmentedSequence.SplitAt(bytes, split);

            List<CommandSnapshot> read = CommandSnapshot.ReadAll(buffer);

            Assert.Equal(contiguous, read);
        }
    }

    [Fact]
    public void PipelinedGroupSplitAtEveryPairOfBytes_ReadsTheSameCommands()
    {
        byte[] bytes = Wire.Bytes("MAIL FROM:<a@example.org> SIZE=10\r\nRCPT TO:<\"b c\"@example.org>\nDATA\r\n");
        List<CommandSnapshot> contiguous = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(bytes));

        for (int first = 0; first <= bytes.Length; first++)
        {
            for (int second = first; second <= bytes.Length; second++)
            {
                List<CommandSnapshot> read = CommandSnapshot.ReadAll(SegmentedSequence.SplitAt(bytes, first, second));

                Assert.Equal(contiguous, read);
            }
        }
    }

    [Fact]
    public void PipelinedGroupInOneBytePerSegment_ReadsTheSameCommands()
    {
        byte[] bytes = Wire.Bytes(PipelinedGroup);

        List<CommandSnapshot> read = CommandSnapshot.ReadAll(SegmentedSequence.OneBytePerSegment(bytes));

        Assert.Equal(CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(bytes)), read);
    }

    [Fact]
    public void OverlongLineSplitAtEveryByte_IsReportedTheSameWay()
    {
        // Limit 32: the second line is 40 octets and is dropped, the others fit.
        byte[] bytes = Wire.Bytes("NOOP\r\n" + new string('x', 38) + "\r\nRSET\r\n" + new string('y', 31) + "\nQUIT\r\n");
        List<CommandSnapshot> contiguous = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(bytes), maxLineLength: 32);
        Assert.Equal(
            [ParseStatus.Complete, ParseStatus.LineTooLong, ParseStatus.Complete, ParseStatus.Complete, ParseStatus.Complete],
            contiguous.Select(c => c.Status));

        for (int split = 0; split <= bytes.Length; split++)
        {
            List<CommandSnapshot> read = CommandSnapshot.ReadAll(SegmentedSequence.SplitAt(bytes, split), maxLineLength: 32);

            Assert.Equal(contiguous, read);
        }
    }

    [Fact]
    public void PipelinedGroupArrivingInChunksOfEverySize_ReadsTheSameCommands()
    {
        byte[] bytes = Wire.Bytes(PipelinedGroup);
        List<CommandSnapshot> contiguous = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(bytes));

        for (int chunkSize = 1; chunkSize <= bytes.Length; chunkSize++)
        {
            var inbound = new InboundBuffer();

            List<CommandSnapshot> read = inbound.ReceiveAll(bytes.Chunk(chunkSize));

            Assert.Equal(contiguous, read);
            Assert.Equal(0, inbound.Buffered);
        }
    }
}
