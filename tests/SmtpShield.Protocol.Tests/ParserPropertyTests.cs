using FsCheck;
using FsCheck.Fluent;

namespace SmtpShield.Protocol.Tests;

/// <summary>
/// Properties over generated input (FsCheck): no bytes make the readers or parsers throw, the line limit holds
/// for every line, and how the bytes are split into reads never changes what is read.
/// </summary>
public class ParserPropertyTests
{
    private static readonly Config s_propertyConfig = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Fact]
    public void ArbitraryBytes_NeverMakeTheCommandReaderThrow()
    {
        Check.One(s_propertyConfig, Prop.ForAll(SmtpishBytes.Arbitrary, ReadsToTheEnd));
        Check.One(s_propertyConfig, Prop.ForAll(SmtpishBytes.Mixed, ReadsToTheEnd));
    }

    [Fact]
    public void ArbitraryLines_NeverMakeTheParserThrow()
    {
        Check.One(s_propertyConfig, Prop.ForAll(SmtpishBytes.Mixed, bytes =>
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
        Check.One(s_propertyConfig, Prop.ForAll(SmtpishBytes.Mixed, bytes =>
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

        Check.One(s_propertyConfig, Prop.ForAll(inputs, input =>
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
        Check.One(s_propertyConfig, Prop.ForAll(SmtpishBytes.Mixed, bytes =>
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

        Check.One(s_propertyConfig, Prop.ForAll(inputs, input =>
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

        Check.One(s_propertyConfig, Prop.ForAll(inputs, input =>
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
        Check.One(s_propertyConfig, Prop.ForAll(SmtpishBytes.Mixed, bytes =>
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

    [Fact]
    public void GeneratedReplies_RoundTripThroughTheReplyParser()
    {
        Gen<string> text = Gen.Elements("Ok", "", "mx.example.org ESMTP", "PIPELINING", "SIZE 10240000", "Grüße", "a  b", "-", " ");
        Gen<EnhancedStatusCode?> enhanced = Gen.OneOf(
            Gen.Constant<EnhancedStatusCode?>(null),
            from subject in Gen.Choose(0, 7)
            from detail in Gen.Choose(0, 9)
            select (EnhancedStatusCode?)new EnhancedStatusCode(0, (ushort)subject, (ushort)detail));
        Arbitrary<SmtpReply> replies =
            (from code in Gen.Choose(200, 599)
             from e in enhanced
             from lines in text.ArrayOf()
             select new SmtpReply(code, e is { } x ? x with { Class = (byte)(code / 100) } : null, lines)).ToArbitrary();

        Check.One(s_propertyConfig, Prop.ForAll(replies, sent =>
        {
            byte[] wire = sent.Wire.ToArray();
            var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire));
            ParseStatus status = SmtpReplyParser.TryParse(ref input, out ParsedReply received);

            return status == ParseStatus.Complete && received.Code == sent.Code && input.End
                && received.Raw.AsSpan().SequenceEqual(wire)
                && received.Lines.Count == sent.Lines.Count;
        }));
    }

    [Fact]
    public void ReplyBytesSplitAnywhere_ParseLikeContiguousBytes()
    {
        Arbitrary<(byte[], int, int)> inputs =
            (from bytes in SmtpishReplies
             from split in Gen.Choose(0, 300)
             from limit in SmtpishBytes.SmallLimit
             select (bytes, split, limit)).ToArbitrary();

        Check.One(s_propertyConfig, Prop.ForAll(inputs, input =>
        {
            (byte[] bytes, int split, int limit) = input;
            split = Math.Min(split, bytes.Length);
            return ReadReplies(new ReadOnlySequence<byte>(bytes), limit)
                .SequenceEqual(ReadReplies(SegmentedSequence.SplitAt(bytes, split), limit));
        }));
    }

    [Fact]
    public void ReplyArrivingInChunks_ParsesLikeReplyArrivingAtOnce()
    {
        Arbitrary<(byte[], int)> inputs = Gen.Zip(SmtpishReplies, SmtpishBytes.SmallLimit).ToArbitrary();

        Check.One(s_propertyConfig, Prop.ForAll(inputs, input =>
        {
            // Like a client reading a socket: each read sees everything so far that was not consumed.
            (byte[] bytes, int limit) = input;
            List<string> atOnce = ReadReplies(new ReadOnlySequence<byte>(bytes), limit);
            var growing = new List<string>();
            long consumed = 0;
            for (int length = 1; length <= bytes.Length; length++)
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, (int)consumed, length - (int)consumed));
                ParseStatus status;
                while ((status = SmtpReplyParser.TryParse(ref reader, out ParsedReply reply, limit)) == ParseStatus.Complete)
                {
                    growing.Add(reply.ToString());
                }

                consumed += reader.Consumed;
                if (status == ParseStatus.SyntaxError)
                {
                    growing.Add("SyntaxError");
                    break;
                }
            }

            return atOnce.SequenceEqual(growing);
        }));
    }

    /// <summary>Reply-like lines of varied length: mostly one code, sometimes another or none, any separator.</summary>
    private static Gen<byte[]> SmtpishReplies =>
        (from code in Gen.Elements("250", "250", "250", "451", "2x0", "")
         from separator in Gen.Elements("-", "-", " ", "", "\t")
         from length in Gen.Choose(0, 90)
         from text in Gen.Elements("x", "\u00c3", "\r", "-")
         from terminator in Gen.Elements("\r\n", "\r\n", "\n")
         select code + separator + string.Concat(Enumerable.Repeat(text, length)) + terminator)
        .ArrayOf()
        .Select(lines => Wire.Raw(string.Concat(lines)));

    private static List<string> ReadReplies(ReadOnlySequence<byte> buffer, int maxLineLength)
    {
        var input = new SequenceReader<byte>(buffer);
        var replies = new List<string>();
        ParseStatus status;
        while ((status = SmtpReplyParser.TryParse(ref input, out ParsedReply reply, maxLineLength)) == ParseStatus.Complete)
        {
            replies.Add(reply.ToString());
        }

        if (status == ParseStatus.SyntaxError)
        {
            replies.Add("SyntaxError");
        }

        return replies;
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
