using FsCheck;
using FsCheck.Fluent;

namespace SmtpShield.Protocol.Tests;

/// <summary>
/// Properties over generated input (FsCheck): no bytes make the readers or parsers throw, the line limit holds
/// for every line, and how the bytes are split into reads never changes what is read.
/// </summary>
public class ParserPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Fact]
    public void ArbitraryBytes_NeverMakeTheCommandReaderThrow()
    {
        Check.One(s_config, Prop.ForAll(SmtpishBytes.Arbitrary, ReadsToTheEnd));
        Check.One(s_config, Prop.ForAll(SmtpishBytes.Mixed, ReadsToTheEnd));
    }

    [Fact]
    public void ArbitraryLines_NeverMakeTheParserThrow()
    {
        Check.One(s_config, Prop.ForAll(SmtpishBytes.Mixed, bytes =>
        {
            ParseStatus status = SmtpCommandParser.Parse(bytes, LineFlags.None, out SmtpCommand command);

            bool errorMatchesStatus = status == ParseStatus.Complete
                ? command.Error == SmtpSyntaxError.None
                : status == ParseStatus.SyntaxError && command.Error != SmtpSyntaxError.None;
            return errorMatchesStatus && command.Line.Length == bytes.Length;
        }));
    }

    [Fact]
    public void ArbitraryBytes_NeverMakeTheReplyParserThrow()
    {
        Check.One(s_config, Prop.ForAll(SmtpishBytes.Mixed, bytes =>
        {
            var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            ParseStatus status;
            int replies = 0;
            while ((status = SmtpReplyParser.TryParse(ref input, out ParsedReply reply)) == ParseStatus.Complete)
            {
                replies++;
                if (reply.Raw.Length == 0)
                {
                    return false;
                }
            }

            return status is ParseStatus.NeedMoreData or ParseStatus.SyntaxError && replies <= bytes.Length;
        }));
    }

    [Fact]
    public void ReturnedLine_NeverExceedsTheLimit()
    {
        Arbitrary<(byte[], int)> inputs = Gen.Zip(SmtpishBytes.Mixed.Generator, SmtpishBytes.SmallLimit).ToArbitrary();

        Check.One(s_config, Prop.ForAll(inputs, input =>
        {
            (byte[] bytes, int limit) = input;
            var reader = new SmtpLineReader(limit);
            var sequence = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            while (true)
            {
                long before = sequence.Consumed;
                bool wasDiscarding = reader.IsDiscarding;
                LineStatus status = reader.TryReadLine(ref sequence, out ReadOnlySequence<byte> line, out LineFlags flags);
                long taken = sequence.Consumed - before;
                switch (status)
                {
                    case LineStatus.Line:
                        int terminator = (flags & LineFlags.BareLineFeed) != 0 ? 1 : 2;
                        if (line.Length + terminator > limit || line.Length + terminator != taken || line.PositionOf((byte)'\n') is not null)
                        {
                            return false;
                        }

                        break;
                    case LineStatus.LineTooLong:
                        break;
                    default:
                        // Waiting for more data holds fewer than `limit` octets and consumes none of them,
                        // unless the line is already known to be too long, in which case all are dropped.
                        return reader.IsDiscarding
                            ? sequence.End
                            : !wasDiscarding && taken == 0 && sequence.Remaining < limit;
                }
            }
        }));
    }

    [Fact]
    public void NeedMoreData_ConsumesNothingOfALineInProgress()
    {
        Check.One(s_config, Prop.ForAll(SmtpishBytes.Mixed, bytes =>
        {
            // Everything up to the last LF is complete; whatever follows must be left for the next read
            // unless it already passed the limit.
            int lastLineFeed = Array.LastIndexOf(bytes, (byte)'\n');
            byte[] tail = bytes[(lastLineFeed + 1)..];
            var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);
            CommandSnapshot.ReadAll(ref reader, new ReadOnlySequence<byte>(bytes), out long consumed);

            return tail.Length >= SmtpLineReader.DefaultMaxLineLength
                ? consumed == bytes.Length
                : consumed == lastLineFeed + 1;
        }));
    }

    [Fact]
    public void BytesSplitIntoTwoSegments_ReadLikeContiguousBytes()
    {
        Arbitrary<(byte[], int, int)> inputs =
            (from bytes in SmtpishBytes.Mixed.Generator
             from split in Gen.Choose(0, 1000)
             from limit in SmtpishBytes.SmallLimit
             select (bytes, split, limit)).ToArbitrary();

        Check.One(s_config, Prop.ForAll(inputs, input =>
        {
            (byte[] bytes, int split, int limit) = input;
            split = Math.Min(split, bytes.Length);
            List<CommandSnapshot> contiguous = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>(bytes), limit);
            List<CommandSnapshot> segmented = CommandSnapshot.ReadAll(SegmentedSequence.SplitAt(bytes, split), limit);
            return contiguous.SequenceEqual(segmented);
        }));
    }

    [Fact]
    public void BytesArrivingInChunks_ReadLikeBytesArrivingAtOnce()
    {
        Arbitrary<(byte[], int[], int)> inputs =
            (from bytes in SmtpishBytes.Mixed.Generator
             from sizes in SmtpishBytes.ChunkSizes
             from limit in SmtpishBytes.SmallLimit
             select (bytes, sizes, limit)).ToArbitrary();

        Check.One(s_config, Prop.ForAll(inputs, input =>
        {
            (byte[] bytes, int[] sizes, int limit) = input;
            var atOnce = new InboundBuffer(limit);
            var inChunks = new InboundBuffer(limit);

            List<CommandSnapshot> expected = atOnce.Receive(bytes);
            List<CommandSnapshot> actual = inChunks.ReceiveAll(SmtpishBytes.Chunk(bytes, sizes));

            // Never more than a line's worth is held between reads.
            return expected.SequenceEqual(actual) && inChunks.MostBuffered < limit && inChunks.Buffered == atOnce.Buffered;
        }));
    }

    [Fact]
    public void ParsedLine_DoesNotDependOnHowItWasRead()
    {
        Check.One(s_config, Prop.ForAll(SmtpishBytes.Mixed, bytes =>
        {
            // A single line without LF, parsed directly and through the reader, gives the same command.
            byte[] line = [.. bytes.Where(b => b != (byte)'\n' && b != (byte)'\r')];
            if (line.Length + 2 > SmtpLineReader.DefaultMaxLineLength)
            {
                return true;
            }

            LineFlags flags = line.Contains((byte)0) ? LineFlags.Nul : LineFlags.None;
            flags |= line.Any(b => b >= 0x80) ? LineFlags.EightBit : LineFlags.None;
            ParseStatus status = SmtpCommandParser.Parse(line, flags, out SmtpCommand direct);
            List<CommandSnapshot> read = CommandSnapshot.ReadAll(new ReadOnlySequence<byte>([.. line, (byte)'\r', (byte)'\n']));

            return read.Count == 1 && read[0] == CommandSnapshot.Of(status, direct);
        }));
    }

    private static bool ReadsToTheEnd(byte[] bytes)
    {
        var reader = new SmtpCommandReader(SmtpLineReader.DefaultMaxLineLength);
        var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        int reads = 0;
        ParseStatus status;
        while ((status = reader.TryRead(ref input, out SmtpCommand command)) != ParseStatus.NeedMoreData)
        {
            // Each read makes progress, and errors always say why.
            if (++reads > bytes.Length || (status == ParseStatus.SyntaxError) != (command.Error != SmtpSyntaxError.None))
            {
                return false;
            }
        }

        reader.ReleaseScratch();
        return input.Consumed <= bytes.Length;
    }
}
