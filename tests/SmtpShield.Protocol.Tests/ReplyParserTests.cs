namespace SmtpShield.Protocol.Tests;

/// <summary>
/// <see cref="SmtpReplyParser"/>, the client side: one whole reply at a time (RFC 5321 §4.2.1), all lines
/// with the same code, nothing consumed until the last line has arrived.
/// </summary>
public class ReplyParserTests
{
    private static ParseStatus Parse(byte[] wire, out ParsedReply reply, out long consumed, int maxLineLength = SmtpReplyParser.DefaultMaxLineLength)
    {
        var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire));
        ParseStatus status = SmtpReplyParser.TryParse(ref input, out reply, maxLineLength);
        consumed = input.Consumed;
        return status;
    }

    public static TheoryData<SmtpReply> Replies => new()
    {
        SmtpReplies.Ok,
        SmtpReplies.Greeting("mx.example.org"),
        SmtpReplies.HeloOk("mx.example.org"),
        SmtpReplies.EhloOk("mx.example.org", ["PIPELINING", "SIZE 10240000", "STARTTLS"]),
        SmtpReplies.ShuttingDown("mx.example.org"),
        SmtpReplies.BackendUnavailable,
        new SmtpReply(550, new EnhancedStatusCode(5, 7, 1), "Blocked", "See https://example.org/why"),
        new SmtpReply(354, null, "End data with <CR><LF>.<CR><LF>"),
        new SmtpReply(250, null),
        new SmtpReply(250, null, "", "2nd", ""),
        new SmtpReply(250, new EnhancedStatusCode(2, 0, 0), ""),
        new SmtpReply(250, null, "Grüße"),
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void ReplyOnTheWire_IsParsedBackToItsCodeAndLines(SmtpReply sent)
    {
        byte[] wire = sent.Wire.ToArray();

        ParseStatus status = Parse(wire, out ParsedReply reply, out long consumed);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(sent.Code, reply.Code);
        Assert.Equal(sent.Lines.Select(line => sent.Enhanced is { } e ? $"{e} {line}".TrimEnd() : line), reply.Lines);
        Assert.Equal(wire, reply.Raw);
        Assert.Equal(wire.Length, consumed);
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void EveryPrefixOfAReply_NeedsMoreDataAndConsumesNothing(SmtpReply sent)
    {
        byte[] wire = sent.Wire.ToArray();
        for (int length = 0; length < wire.Length; length++)
        {
            ParseStatus status = Parse(wire[..length], out _, out long consumed);

            Assert.Equal(ParseStatus.NeedMoreData, status);
            Assert.Equal(0, consumed);
        }
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void ReplySplitAtEveryByte_ParsesTheSame(SmtpReply sent)
    {
        byte[] wire = sent.Wire.ToArray();
        for (int split = 0; split <= wire.Length; split++)
        {
            var input = new SequenceReader<byte>(SegmentedSequence.SplitAt(wire, split));

            ParseStatus status = SmtpReplyParser.TryParse(ref input, out ParsedReply reply);

            Assert.Equal(ParseStatus.Complete, status);
            Assert.Equal(sent.Code, reply.Code);
            Assert.Equal(wire, reply.Raw);
        }
    }

    [Fact]
    public void PipelinedReplies_AreReadOneAtATime()
    {
        byte[] wire = Wire.Bytes("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n554 5.5.1 Error: no valid recipients\r\n354 ");
        var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(wire));

        var codes = new List<int>();
        while (SmtpReplyParser.TryParse(ref input, out ParsedReply reply) == ParseStatus.Complete)
        {
            codes.Add(reply.Code);
        }

        Assert.Equal([250, 250, 554], codes);
        Assert.Equal(4, input.Remaining);
    }

    [Theory]
    [InlineData("250-first\r\n251 second\r\n")]
    [InlineData("250-first\r\n250-second\r\n550 third\r\n")]
    [InlineData("451-first\r\n450 second\r\n")]
    public void LinesWithDifferentCodes_AreRefused(string wire)
    {
        ParseStatus status = Parse(Wire.Bytes(wire), out _, out long consumed);

        Assert.Equal(ParseStatus.SyntaxError, status);
        Assert.Equal(0, consumed);
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n")]
    [InlineData("+OK POP3 server ready\r\n")]
    [InlineData("* OK IMAP4rev1\r\n")]
    [InlineData("25\r\n")]
    [InlineData("\r\n")]
    [InlineData("250x\r\n")]
    [InlineData("250\tOk\r\n")]
    [InlineData("150 Opening\r\n")]
    [InlineData("650 Nope\r\n")]
    [InlineData("2a0 Ok\r\n")]
    [InlineData("250-first\r\nsecond\r\n")]
    public void PeerThatDoesNotSpeakSmtp_IsRefused(string wire)
    {
        Assert.Equal(ParseStatus.SyntaxError, Parse(Wire.Bytes(wire), out _, out _));
    }

    [Theory]
    [InlineData("250\r\n", 250, "")]
    [InlineData("250 \r\n", 250, "")]
    [InlineData("220 mx.example.org ESMTP\n", 220, "mx.example.org ESMTP")]
    [InlineData("421 4.3.2 Bye\r\n", 421, "4.3.2 Bye")]
    public void LastLine_MayBeBareOrEndInLineFeedOnly(string wire, int code, string text)
    {
        ParseStatus status = Parse(Wire.Bytes(wire), out ParsedReply reply, out _);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(code, reply.Code);
        Assert.Equal([text], reply.Lines);
    }

    [Fact]
    public void ParsedReply_KnowsWhetherItIsPositive()
    {
        Parse(Wire.Bytes("354 Go ahead\r\n"), out ParsedReply positive, out _);
        Parse(Wire.Bytes("450-4.7.1 Try\r\n450 4.7.1 later\r\n"), out ParsedReply negative, out _);

        Assert.True(positive.IsPositive);
        Assert.False(negative.IsPositive);
        Assert.Equal("450 4.7.1 Try / 4.7.1 later", negative.ToString());
    }

    [Fact]
    public void LineOfExactlyTheLimit_IsAcceptedWhetherOrNotItsLineFeedHasArrived()
    {
        // 64 octets with CRLF.
        byte[] wire = Wire.Bytes("250 " + new string('x', 58) + "\r\n");
        Assert.Equal(64, wire.Length);

        Assert.Equal(ParseStatus.Complete, Parse(wire, out _, out _, maxLineLength: 64));
        Assert.Equal(ParseStatus.NeedMoreData, Parse(wire[..^1], out _, out _, maxLineLength: 64));
    }

    [Fact]
    public void LineOneOctetOverTheLimit_IsRefusedWhetherOrNotItsLineFeedHasArrived()
    {
        byte[] wire = Wire.Bytes("250 " + new string('x', 59) + "\r\n");
        Assert.Equal(65, wire.Length);

        Assert.Equal(ParseStatus.SyntaxError, Parse(wire, out _, out _, maxLineLength: 64));
        Assert.Equal(ParseStatus.SyntaxError, Parse(wire[..^1], out _, out _, maxLineLength: 64));
    }

    [Fact]
    public void ReplyOfMaxLines_IsAcceptedAndOneMoreIsRefused()
    {
        string longest = string.Concat(Enumerable.Repeat("250-x\r\n", SmtpReplyParser.MaxLines - 1)) + "250 x\r\n";
        string tooLong = "250-x\r\n" + longest;

        Assert.Equal(ParseStatus.Complete, Parse(Wire.Bytes(longest), out ParsedReply reply, out _));
        Assert.Equal(SmtpReplyParser.MaxLines, reply.Lines.Count);
        Assert.Equal(ParseStatus.SyntaxError, Parse(Wire.Bytes(tooLong), out _, out _));
    }

    [Fact]
    public void InvalidUtf8InText_IsReplacedNotThrown()
    {
        ParseStatus status = Parse(Wire.Raw("250 caf\u00e9\r\n"), out ParsedReply reply, out _);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal("caf\uFFFD", reply.Lines[0]);
        Assert.Equal(Wire.Raw("250 caf\u00e9\r\n"), reply.Raw);
    }
}
