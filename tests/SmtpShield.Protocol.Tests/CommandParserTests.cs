namespace SmtpShield.Protocol.Tests;

/// <summary>
/// <see cref="SmtpCommandParser"/>: one line of wire text in, one verb with its fields or one syntax error out.
/// MAIL/RCPT paths and parameters have their own tables (PathSyntaxTests, EsmtpParameterTests).
/// </summary>
public class CommandParserTests
{
    [Theory]
    [InlineData("HELO mx.example.org", SmtpVerb.Helo)]
    [InlineData("helo mx.example.org", SmtpVerb.Helo)]
    [InlineData("HeLo mx.example.org", SmtpVerb.Helo)]
    [InlineData("EHLO mx.example.org", SmtpVerb.Ehlo)]
    [InlineData("ehlo mx.example.org", SmtpVerb.Ehlo)]
    [InlineData("MAIL FROM:<a@example.org>", SmtpVerb.Mail)]
    [InlineData("mail from:<a@example.org>", SmtpVerb.Mail)]
    [InlineData("Mail From:<a@example.org>", SmtpVerb.Mail)]
    [InlineData("RCPT TO:<b@example.org>", SmtpVerb.Rcpt)]
    [InlineData("rcpt to:<b@example.org>", SmtpVerb.Rcpt)]
    [InlineData("DATA", SmtpVerb.Data)]
    [InlineData("data", SmtpVerb.Data)]
    [InlineData("RSET", SmtpVerb.Rset)]
    [InlineData("NOOP", SmtpVerb.Noop)]
    [InlineData("QUIT", SmtpVerb.Quit)]
    [InlineData("quit", SmtpVerb.Quit)]
    [InlineData("VRFY postmaster", SmtpVerb.Vrfy)]
    [InlineData("HELP", SmtpVerb.Help)]
    [InlineData("STARTTLS", SmtpVerb.StartTls)]
    [InlineData("StartTLS", SmtpVerb.StartTls)]
    [InlineData("EXPN staff", SmtpVerb.Expn)]
    [InlineData("AUTH PLAIN AGFsaWNlAHNlY3JldA==", SmtpVerb.Auth)]
    [InlineData("BDAT 1000 LAST", SmtpVerb.Bdat)]
    [InlineData("ETRN example.org", SmtpVerb.Etrn)]
    [InlineData("TURN", SmtpVerb.Turn)]
    public void Verb_IsRecognisedInAnyCase(string line, SmtpVerb expected)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(expected, command.Verb);
        Assert.Equal(SmtpSyntaxError.None, command.Error);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1")]
    [InlineData("POST /submit HTTP/1.1")]
    [InlineData("CONNECT host:25 HTTP/1.0")]
    [InlineData("Host: x")]
    [InlineData("User-Agent: curl/8.0")]
    [InlineData("USER root")]
    [InlineData("XCLIENT ADDR=192.0.2.1")]
    [InlineData("HELOmx.example.org")]
    [InlineData("MAILFROM:<a@example.org>")]
    [InlineData("EHL mx.example.org")]
    [InlineData("STARTTLSX")]
    [InlineData("QUIT\tnow")]
    [InlineData(" QUIT")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000")]
    [InlineData("H\u00c9LO x")]
    public void NonSmtpLine_HasTheUnknownVerb(string line)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(SmtpVerb.Unknown, command.Verb);
        Assert.Equal(SmtpSyntaxError.None, command.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("    ")]
    public void EmptyLine_IsASyntaxError(string line)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.SyntaxError, status);
        Assert.Equal(SmtpSyntaxError.EmptyLine, command.Error);
        Assert.Equal(SmtpVerb.Unknown, command.Verb);
    }

    [Theory]
    [InlineData("DATA now", SmtpVerb.Data)]
    [InlineData("DATA  x", SmtpVerb.Data)]
    [InlineData("RSET everything", SmtpVerb.Rset)]
    [InlineData("QUIT please", SmtpVerb.Quit)]
    [InlineData("STARTTLS TLSv1.3", SmtpVerb.StartTls)]
    public void VerbThatTakesNoArgument_RefusesOne(string line, SmtpVerb verb)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.SyntaxError, status);
        Assert.Equal(SmtpSyntaxError.UnexpectedArgument, command.Error);
        Assert.Equal(verb, command.Verb);
    }

    [Theory]
    [InlineData("DATA ")]
    [InlineData("RSET   ")]
    [InlineData("QUIT ")]
    [InlineData("STARTTLS ")]
    public void TrailingSpacesAfterAVerbWithoutArgument_AreTolerated(string line)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.True(command.Argument.IsEmpty);
    }

    [Theory]
    [InlineData("NOOP", SmtpVerb.Noop, "")]
    [InlineData("NOOP are you there?", SmtpVerb.Noop, "are you there?")]
    [InlineData("HELP", SmtpVerb.Help, "")]
    [InlineData("HELP MAIL", SmtpVerb.Help, "MAIL")]
    [InlineData("VRFY", SmtpVerb.Vrfy, "")]
    [InlineData("VRFY postmaster", SmtpVerb.Vrfy, "postmaster")]
    [InlineData("VRFY   John Smith  ", SmtpVerb.Vrfy, "John Smith")]
    [InlineData("EXPN staff", SmtpVerb.Expn, "staff")]
    public void VerbWithFreeText_KeepsItsArgument(string line, SmtpVerb verb, string argument)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(verb, command.Verb);
        Assert.Equal(argument, Wire.Text(command.Argument));
    }

    [Theory]
    [InlineData("EHLO mx.example.org", HeloArgumentKind.Domain, "mx.example.org")]
    [InlineData("HELO mx.example.org", HeloArgumentKind.Domain, "mx.example.org")]
    [InlineData("EHLO localhost", HeloArgumentKind.Domain, "localhost")]
    [InlineData("EHLO MX-1.Example.ORG", HeloArgumentKind.Domain, "MX-1.Example.ORG")]
    [InlineData("EHLO 3com.example", HeloArgumentKind.Domain, "3com.example")]
    [InlineData("EHLO   mx.example.org   ", HeloArgumentKind.Domain, "mx.example.org")]
    [InlineData("EHLO bücher.example", HeloArgumentKind.Domain, "bücher.example")]
    [InlineData("EHLO mx.example.org (hello there)", HeloArgumentKind.Domain, "mx.example.org (hello there)")]
    [InlineData("EHLO [192.0.2.1]", HeloArgumentKind.AddressLiteral, "[192.0.2.1]")]
    [InlineData("EHLO [IPv6:2001:db8::1]", HeloArgumentKind.AddressLiteral, "[IPv6:2001:db8::1]")]
    [InlineData("HELO [ipv6:::1]", HeloArgumentKind.AddressLiteral, "[ipv6:::1]")]
    [InlineData("EHLO 192.0.2.1", HeloArgumentKind.Invalid, "192.0.2.1")]
    [InlineData("EHLO 12345", HeloArgumentKind.Invalid, "12345")]
    [InlineData("EHLO host.123", HeloArgumentKind.Invalid, "host.123")]
    [InlineData("EHLO my_host", HeloArgumentKind.Invalid, "my_host")]
    [InlineData("EHLO -mx.example.org", HeloArgumentKind.Invalid, "-mx.example.org")]
    [InlineData("EHLO mx-.example.org", HeloArgumentKind.Invalid, "mx-.example.org")]
    [InlineData("EHLO mx..example.org", HeloArgumentKind.Invalid, "mx..example.org")]
    [InlineData("EHLO mx.example.org.", HeloArgumentKind.Invalid, "mx.example.org.")]
    [InlineData("EHLO [192.0.2.256]", HeloArgumentKind.Invalid, "[192.0.2.256]")]
    [InlineData("EHLO [192.0.2.1", HeloArgumentKind.Invalid, "[192.0.2.1")]
    [InlineData("EHLO [IPv6:2001:db8::g]", HeloArgumentKind.Invalid, "[IPv6:2001:db8::g]")]
    [InlineData("EHLO [IPv6:192.0.2.1]", HeloArgumentKind.Invalid, "[IPv6:192.0.2.1]")]
    [InlineData("EHLO user@example.org", HeloArgumentKind.Invalid, "user@example.org")]
    [InlineData("EHLO <mx.example.org>", HeloArgumentKind.Invalid, "<mx.example.org>")]
    public void HeloArgument_IsClassified(string line, HeloArgumentKind kind, string argument)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        // SmtpShield accepts every shape and lets the HELO checks judge it.
        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(kind, command.HeloKind);
        Assert.Equal(argument, Wire.Text(command.Argument));
    }

    [Theory]
    [InlineData("HELO")]
    [InlineData("EHLO")]
    [InlineData("EHLO    ")]
    public void HeloWithoutDomain_IsMissingDomain(string line)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.SyntaxError, status);
        Assert.Equal(SmtpSyntaxError.MissingDomain, command.Error);
        Assert.Equal(HeloArgumentKind.None, command.HeloKind);
    }

    [Theory]
    [InlineData("MAIL")]
    [InlineData("MAIL <a@example.org>")]
    [InlineData("MAIL TO:<a@example.org>")]
    [InlineData("MAIL FROM <a@example.org>")]
    [InlineData("MAIL FROM : <a@example.org>")]
    [InlineData("RCPT")]
    [InlineData("RCPT FROM:<a@example.org>")]
    [InlineData("RCPT TO <a@example.org>")]
    public void MailOrRcptWithoutItsKeyword_IsMissingPathKeyword(string line)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.SyntaxError, status);
        Assert.Equal(SmtpSyntaxError.MissingPathKeyword, command.Error);
    }

    [Theory]
    [InlineData("EHLO h\u00c3")]
    [InlineData("EHLO \u00ff\u00fe")]
    [InlineData("MAIL FROM:<\u00c3\u0028@example.org>")]
    [InlineData("RCPT TO:<user@\u00e9xample.org>")]
    [InlineData("VRFY \u00c0\u00af")]
    [InlineData("NOOP \u00ed\u00a0\u0080")]
    [InlineData("GET /\u00ff HTTP/1.1")]
    public void LineWithBytesThatAreNotUtf8_IsInvalidUtf8(string octets)
    {
        ParseStatus status = SmtpCommandParser.Parse(Wire.Raw(octets), LineFlags.EightBit, out SmtpCommand command);

        Assert.Equal(ParseStatus.SyntaxError, status);
        Assert.Equal(SmtpSyntaxError.InvalidUtf8, command.Error);
    }

    [Fact]
    public void LineWithWellFormedUtf8_IsNotInvalidUtf8()
    {
        ParseStatus status = SmtpCommandParser.Parse(Wire.Bytes("VRFY Jürgen"), LineFlags.EightBit, out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal("Jürgen", Wire.Text(command.Argument));
    }

    [Fact]
    public void LineFlags_AreCarriedIntoTheCommand()
    {
        const LineFlags flags = LineFlags.BareLineFeed | LineFlags.Nul;

        SmtpCommandParser.Parse(Wire.Bytes("NOOP"), flags, out SmtpCommand complete);
        SmtpCommandParser.Parse(Wire.Bytes("DATA x"), flags, out SmtpCommand error);

        Assert.Equal(flags, complete.Flags);
        Assert.Equal(flags, error.Flags);
    }

    [Fact]
    public void Line_IsTheWholeLineWithoutItsTerminator()
    {
        ParseStatus status = Wire.Parse("MAIL FROM:<a@example.org> SIZE=10", out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal("MAIL FROM:<a@example.org> SIZE=10", Wire.Text(command.Line));
        Assert.Equal("FROM:<a@example.org> SIZE=10", Wire.Text(command.Argument));
    }

    [Fact]
    public void SyntaxError_KeepsTheVerbAndLine()
    {
        ParseStatus status = Wire.Parse("RCPT TO:<>", out SmtpCommand command);

        Assert.Equal(ParseStatus.SyntaxError, status);
        Assert.Equal(SmtpVerb.Rcpt, command.Verb);
        Assert.Equal("RCPT TO:<>", Wire.Text(command.Line));
    }
}
