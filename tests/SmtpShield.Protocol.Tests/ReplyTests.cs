using System.Reflection;

namespace SmtpShield.Protocol.Tests;

/// <summary>
/// Replies on the wire (RFC 5321 §4.2): "code-text" on every line but the last, "code text" on the last, the
/// RFC 2034 enhanced code on every line; and the canned replies of <see cref="SmtpReplies"/>.
/// </summary>
public class ReplyTests
{
    private static readonly EnhancedStatusCode s_okCode = new(2, 0, 0);

    [Fact]
    public void SingleLineReply_IsCodeEnhancedCodeAndText()
    {
        Assert.Equal("250 2.0.0 Ok\r\n", Wire.Text(SmtpReplies.Ok.Wire));
        Assert.Equal("550 5.7.1 Go away\r\n", Wire.Text(new SmtpReply(550, new EnhancedStatusCode(5, 7, 1), "Go away").Wire));
    }

    [Fact]
    public void SingleLineReplyWithoutEnhancedCode_IsCodeAndText()
    {
        Assert.Equal("250 mx.example.org\r\n", Wire.Text(SmtpReplies.HeloOk("mx.example.org").Wire));
    }

    [Fact]
    public void MultiLineReply_MarksEveryLineButTheLastWithAHyphen()
    {
        var reply = new SmtpReply(250, s_okCode, "first", "second", "last");

        Assert.Equal("250-2.0.0 first\r\n250-2.0.0 second\r\n250 2.0.0 last\r\n", Wire.Text(reply.Wire));
    }

    [Fact]
    public void EhloReply_ListsOneExtensionPerLineWithoutEnhancedCodes()
    {
        SmtpReply reply = SmtpReplies.EhloOk("mx.example.org", ["PIPELINING", "SIZE 10240000", "8BITMIME", "SMTPUTF8"]);

        Assert.Equal(
            "250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            Wire.Text(reply.Wire));
        Assert.Equal(["mx.example.org", "PIPELINING", "SIZE 10240000", "8BITMIME", "SMTPUTF8"], reply.Lines);
    }

    [Fact]
    public void EhloReplyWithoutExtensions_IsTheHostnameAlone()
    {
        Assert.Equal("250 mx.example.org\r\n", Wire.Text(SmtpReplies.EhloOk("mx.example.org", []).Wire));
    }

    [Fact]
    public void Greeting_NamesTheHostAndNoSoftwareOrVersion()
    {
        SmtpReply greeting = SmtpReplies.Greeting("mx.example.org");

        Assert.Equal("220 mx.example.org ESMTP\r\n", Wire.Text(greeting.Wire));
        Assert.Null(greeting.Enhanced);
        Assert.DoesNotContain("SmtpShield", Wire.Text(greeting.Wire), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ClosingReplies_StartWithTheHostname()
    {
        // RFC 5321 §3.8 / §4.2: a 421 names the server that is closing the channel.
        SmtpReply[] closing =
        [
            SmtpReplies.ShuttingDown("mx.example.org"),
            SmtpReplies.TooManyErrors("mx.example.org"),
            SmtpReplies.TooManyCommands("mx.example.org"),
            SmtpReplies.TooManySessions("mx.example.org"),
            SmtpReplies.Timeout("mx.example.org"),
            SmtpReplies.SessionLifetimeExceeded("mx.example.org"),
        ];

        Assert.All(closing, reply =>
        {
            Assert.Equal(421, reply.Code);
            Assert.StartsWith($"421 {reply.Enhanced} mx.example.org ", Wire.Text(reply.Wire), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void EmptyText_LeavesNoTrailingSpace()
    {
        // RFC 5321 §4.2: Reply-code [ SP textstring ] CRLF.
        Assert.Equal("250\r\n", Wire.Text(new SmtpReply(250, null).Wire));
        Assert.Equal("250\r\n", Wire.Text(new SmtpReply(250, null, "").Wire));
        Assert.Equal("250 2.0.0\r\n", Wire.Text(new SmtpReply(250, s_okCode, "").Wire));
        Assert.Equal("250-\r\n250-b\r\n250\r\n", Wire.Text(new SmtpReply(250, null, "", "b", "").Wire));
        Assert.Equal("250-2.0.0\r\n250 2.0.0 Ok\r\n", Wire.Text(new SmtpReply(250, s_okCode, "", "Ok").Wire));
    }

    [Fact]
    public void ReplyWithoutLines_HasOneEmptyLine()
    {
        Assert.Equal([""], new SmtpReply(354, null).Lines);
    }

    [Theory]
    [InlineData("two\r\nlines")]
    [InlineData("bare\nline feed")]
    [InlineData("bare\rcarriage return")]
    public void TextWithCarriageReturnOrLineFeed_IsRefused(string text)
    {
        Assert.Throws<ArgumentException>(() => new SmtpReply(250, null, "fine", text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(199)]
    [InlineData(600)]
    [InlineData(1000)]
    public void CodeOutsideTwoToFiveHundreds_IsRefused(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmtpReply(code, null, "text"));
    }

    [Theory]
    [InlineData(220, true, false, false)]
    [InlineData(354, true, false, false)]
    [InlineData(421, false, true, false)]
    [InlineData(451, false, true, false)]
    [InlineData(500, false, false, true)]
    [InlineData(554, false, false, true)]
    public void Code_DecidesPositiveTransientOrPermanent(int code, bool positive, bool transient, bool permanent)
    {
        var reply = new SmtpReply(code, null, "text");

        Assert.Equal((positive, transient, permanent), (reply.IsPositive, reply.IsTransientFailure, reply.IsPermanentFailure));
    }

    [Fact]
    public void ToString_IsOneLogLine()
    {
        Assert.Equal("550 5.7.1 Go away", new SmtpReply(550, new EnhancedStatusCode(5, 7, 1), "Go away").ToString());
        Assert.Equal("250-a / 250 b", new SmtpReply(250, null, "a", "b").ToString());
    }

    [Fact]
    public void EnhancedStatusCode_PrintsAsClassSubjectDetail()
    {
        Assert.Equal("5.7.1", new EnhancedStatusCode(5, 7, 1).ToString());
        Assert.Equal("4.4.2", new EnhancedStatusCode(4, 4, 2).ToString());
        Assert.Equal("2.0.0", new EnhancedStatusCode(2, 0, 0).ToString());
    }

    public static TheoryData<string, SmtpReply> CannedReplies()
    {
        var data = new TheoryData<string, SmtpReply>();
        foreach (FieldInfo field in typeof(SmtpReplies).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            data.Add(field.Name, (SmtpReply)field.GetValue(null)!);
        }

        foreach (MethodInfo method in typeof(SmtpReplies).GetMethods(BindingFlags.Public | BindingFlags.Static)
                     .Where(m => m.ReturnType == typeof(SmtpReply) && m.GetParameters() is [{ ParameterType: var type }] && type == typeof(string)))
        {
            data.Add(method.Name, (SmtpReply)method.Invoke(null, ["mx.example.org"])!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CannedReplies))]
    public void CannedReply_HasAnEnhancedCodeOfItsOwnClass(string name, SmtpReply reply)
    {
        // RFC 3463 §2: the enhanced class matches the reply's first digit. Only replies before or
        // outside EHLO (greeting, HELO) go without one (RFC 2034 §3).
        if (reply.Enhanced is { } enhanced)
        {
            Assert.Equal(reply.Code / 100, enhanced.Class);
        }
        else
        {
            Assert.Contains(name, new[] { nameof(SmtpReplies.Greeting), nameof(SmtpReplies.HeloOk) });
        }
    }

    [Theory]
    [MemberData(nameof(CannedReplies))]
    public void CannedReply_IsWellFormedOnTheWire(string name, SmtpReply reply)
    {
        string wire = Wire.Text(reply.Wire);

        Assert.True(wire.EndsWith("\r\n", StringComparison.Ordinal), name);
        Assert.Single(wire.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{reply.Code} ", wire, StringComparison.Ordinal);
        Assert.DoesNotContain(wire[..^2], c => c is < ' ' or > '~');
    }

    [Fact]
    public void Writer_CopiesEveryReplyIntoTheOutputInOrder()
    {
        var output = new ArrayBufferWriter<byte>();

        SmtpReplyWriter.Write(output, SmtpReplies.SenderOk);
        SmtpReplyWriter.Write(output, SmtpReplies.NeedMail);

        Assert.Equal("250 2.1.0 Ok\r\n503 5.5.1 Error: need MAIL command\r\n", Wire.Text(output.WrittenMemory));
    }

    [Fact]
    public void Writer_RefusesNulls()
    {
        Assert.Throws<ArgumentNullException>(() => SmtpReplyWriter.Write(null!, SmtpReplies.Ok));
        Assert.Throws<ArgumentNullException>(() => SmtpReplyWriter.Write(new ArrayBufferWriter<byte>(), null!));
    }
}
