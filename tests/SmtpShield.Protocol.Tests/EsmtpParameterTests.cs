namespace SmtpShield.Protocol.Tests;

/// <summary>
/// MAIL and RCPT parameters (RFC 5321 §4.1.2 esmtp-param): SIZE (RFC 1870), BODY (RFC 6152, RFC 3030),
/// SMTPUTF8 (RFC 6531), RET/ENVID/NOTIFY/ORCPT (RFC 3461), parsed into <see cref="EsmtpParameters"/>.
/// </summary>
public class EsmtpParameterTests
{
    private static EsmtpParameters ParseComplete(string line)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);
        Assert.True(status == ParseStatus.Complete, $"{line}: {command.Error}");
        return command.Parameters;
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.org>")]
    [InlineData("MAIL FROM:<a@example.org>   ")]
    [InlineData("RCPT TO:<b@example.org>")]
    public void NoParameters_LeaveEveryFieldUnset(string line)
    {
        EsmtpParameters parameters = ParseComplete(line);

        Assert.Equal(-1, parameters.Size);
        Assert.Equal(BodyType.NotGiven, parameters.Body);
        Assert.False(parameters.SmtpUtf8);
        Assert.Equal(DsnReturn.NotGiven, parameters.Return);
        Assert.True(parameters.EnvelopeId.IsEmpty);
        Assert.Equal(DsnNotify.NotGiven, parameters.Notify);
        Assert.True(parameters.OriginalRecipient.IsEmpty);
        Assert.True(parameters.Raw.IsEmpty);
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.org> SIZE=0", 0L)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=12345", 12345L)]
    [InlineData("MAIL FROM:<a@example.org> size=10240000", 10240000L)]
    [InlineData("MAIL FROM:<> SIZE=0001", 1L)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=9223372036854775807", long.MaxValue)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=99999999999999999999", long.MaxValue)]
    public void Size_IsParsedAndSaturatesAtTheLargestLong(string line, long size)
    {
        Assert.Equal(size, ParseComplete(line).Size);
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.org> BODY=7BIT", BodyType.SevenBit)]
    [InlineData("MAIL FROM:<a@example.org> BODY=8BITMIME", BodyType.EightBitMime)]
    [InlineData("MAIL FROM:<a@example.org> body=8bitmime", BodyType.EightBitMime)]
    [InlineData("MAIL FROM:<a@example.org> BODY=BINARYMIME", BodyType.BinaryMime)]
    public void Body_IsParsed(string line, BodyType body)
    {
        Assert.Equal(body, ParseComplete(line).Body);
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.org> SMTPUTF8")]
    [InlineData("MAIL FROM:<a@example.org> smtputf8")]
    public void SmtpUtf8_IsAFlagWithoutValue(string line)
    {
        Assert.True(ParseComplete(line).SmtpUtf8);
    }

    [Fact]
    public void NonAsciiAddressWithSmtpUtf8_IsParsedWithBoth()
    {
        ParseStatus status = Wire.Parse("MAIL FROM:<用户@例子.广告> SMTPUTF8 BODY=8BITMIME", out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(PathFlags.NonAscii, command.Path.Flags);
        Assert.True(command.Parameters.SmtpUtf8);
        Assert.Equal(BodyType.EightBitMime, command.Parameters.Body);
    }

    [Fact]
    public void NonAsciiAddressWithoutSmtpUtf8_IsLeftToTheSession()
    {
        // RFC 6531 §3.4 makes this an error (553 5.6.7); the session knows whether SMTPUTF8 was offered.
        ParseStatus status = Wire.Parse("MAIL FROM:<jürgen@example.org>", out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(PathFlags.NonAscii, command.Path.Flags);
        Assert.False(command.Parameters.SmtpUtf8);
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.org> RET=FULL", DsnReturn.Full)]
    [InlineData("MAIL FROM:<a@example.org> RET=HDRS", DsnReturn.Headers)]
    [InlineData("MAIL FROM:<a@example.org> ret=hdrs", DsnReturn.Headers)]
    public void Ret_IsParsed(string line, DsnReturn ret)
    {
        Assert.Equal(ret, ParseComplete(line).Return);
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.org> ENVID=QQ314159", "QQ314159")]
    [InlineData("MAIL FROM:<a@example.org> ENVID=a+2Bb+3Dc", "a+2Bb+3Dc")]
    [InlineData("MAIL FROM:<a@example.org> envid=<1234@example.org>", "<1234@example.org>")]
    public void EnvId_IsKeptAsUndecodedXtext(string line, string envelopeId)
    {
        Assert.Equal(envelopeId, Wire.Text(ParseComplete(line).EnvelopeId));
    }

    [Fact]
    public void EnvIdOf100Characters_IsTheLongestAllowed()
    {
        // RFC 3461 §4.4.
        string longest = new('e', 100);

        Assert.Equal(longest, Wire.Text(ParseComplete($"MAIL FROM:<a@example.org> ENVID={longest}").EnvelopeId));
        Assert.Equal(SmtpSyntaxError.BadParameterValue, ErrorOf($"MAIL FROM:<a@example.org> ENVID={longest}e"));
    }

    [Theory]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=NEVER", DsnNotify.Never)]
    [InlineData("RCPT TO:<b@example.org> notify=never", DsnNotify.Never)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=SUCCESS", DsnNotify.Success)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=FAILURE,DELAY", DsnNotify.Failure | DsnNotify.Delay)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=DELAY,SUCCESS,FAILURE", DsnNotify.Success | DsnNotify.Failure | DsnNotify.Delay)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=success,Failure", DsnNotify.Success | DsnNotify.Failure)]
    public void Notify_IsNeverOrAList(string line, DsnNotify notify)
    {
        Assert.Equal(notify, ParseComplete(line).Notify);
    }

    [Theory]
    [InlineData("RCPT TO:<b@example.org> ORCPT=rfc822;b@example.org", "rfc822;b@example.org")]
    [InlineData("RCPT TO:<b@example.org> ORCPT=rfc822;b+2Bc@example.org", "rfc822;b+2Bc@example.org")]
    [InlineData("RCPT TO:<b@example.org> orcpt=RFC822;b@example.org", "RFC822;b@example.org")]
    [InlineData("RCPT TO:<用户@例子.广告> ORCPT=utf-8;用户@例子.广告", "utf-8;用户@例子.广告")]
    public void Orcpt_IsKeptAsAddressTypeAndUndecodedXtext(string line, string originalRecipient)
    {
        Assert.Equal(originalRecipient, Wire.Text(ParseComplete(line).OriginalRecipient));
    }

    [Fact]
    public void EveryMailParameter_IsParsedTogether()
    {
        EsmtpParameters parameters =
            ParseComplete("MAIL FROM:<a@example.org>  SIZE=100 BODY=8BITMIME SMTPUTF8  RET=HDRS ENVID=id42 ");

        Assert.Equal(100, parameters.Size);
        Assert.Equal(BodyType.EightBitMime, parameters.Body);
        Assert.True(parameters.SmtpUtf8);
        Assert.Equal(DsnReturn.Headers, parameters.Return);
        Assert.Equal("id42", Wire.Text(parameters.EnvelopeId));
        Assert.Equal("SIZE=100 BODY=8BITMIME SMTPUTF8  RET=HDRS ENVID=id42", Wire.Text(parameters.Raw));
    }

    [Fact]
    public void EveryRcptParameter_IsParsedTogether()
    {
        EsmtpParameters parameters = ParseComplete("RCPT TO:<b@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@example.org");

        Assert.Equal(DsnNotify.Success | DsnNotify.Failure, parameters.Notify);
        Assert.Equal("rfc822;b@example.org", Wire.Text(parameters.OriginalRecipient));
        Assert.Equal("NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@example.org", Wire.Text(parameters.Raw));
        Assert.Equal(-1, parameters.Size);
    }

    [Theory]
    // Unknown here, or known but for the other command.
    [InlineData("MAIL FROM:<a@example.org> FOO=bar", SmtpSyntaxError.UnknownParameter)]
    [InlineData("MAIL FROM:<a@example.org> X-CUSTOM", SmtpSyntaxError.UnknownParameter)]
    [InlineData("MAIL FROM:<a@example.org> AUTH=<>", SmtpSyntaxError.UnknownParameter)]
    [InlineData("MAIL FROM:<a@example.org> NOTIFY=NEVER", SmtpSyntaxError.UnknownParameter)]
    [InlineData("MAIL FROM:<a@example.org> ORCPT=rfc822;a@example.org", SmtpSyntaxError.UnknownParameter)]
    [InlineData("RCPT TO:<b@example.org> SIZE=10", SmtpSyntaxError.UnknownParameter)]
    [InlineData("RCPT TO:<b@example.org> BODY=8BITMIME", SmtpSyntaxError.UnknownParameter)]
    [InlineData("RCPT TO:<b@example.org> SMTPUTF8", SmtpSyntaxError.UnknownParameter)]
    [InlineData("RCPT TO:<b@example.org> RET=FULL", SmtpSyntaxError.UnknownParameter)]
    [InlineData("RCPT TO:<b@example.org> ENVID=x", SmtpSyntaxError.UnknownParameter)]
    // The same parameter twice, in any case.
    [InlineData("MAIL FROM:<a@example.org> SIZE=1 SIZE=2", SmtpSyntaxError.DuplicateParameter)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=0 size=0", SmtpSyntaxError.DuplicateParameter)]
    [InlineData("MAIL FROM:<a@example.org> BODY=7BIT BODY=8BITMIME", SmtpSyntaxError.DuplicateParameter)]
    [InlineData("MAIL FROM:<a@example.org> SMTPUTF8 SMTPUTF8", SmtpSyntaxError.DuplicateParameter)]
    [InlineData("MAIL FROM:<a@example.org> RET=FULL RET=HDRS", SmtpSyntaxError.DuplicateParameter)]
    [InlineData("MAIL FROM:<a@example.org> ENVID=a ENVID=b", SmtpSyntaxError.DuplicateParameter)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=NEVER NOTIFY=NEVER", SmtpSyntaxError.DuplicateParameter)]
    [InlineData("RCPT TO:<b@example.org> ORCPT=rfc822;a ORCPT=rfc822;b", SmtpSyntaxError.DuplicateParameter)]
    // Known parameters with values outside their grammar.
    [InlineData("MAIL FROM:<a@example.org> SIZE", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=abc", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=-1", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=1.5", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=100000000000000000000", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> BODY", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> BODY=9BIT", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> BODY=8BIT", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> SMTPUTF8=yes", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> RET", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> RET=ALL", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> ENVID", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> ENVID=a+zz", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> ENVID=a+2b", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> ENVID=a+2", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> ENVID=a+", SmtpSyntaxError.BadParameterValue)]
    [InlineData("MAIL FROM:<a@example.org> ENVID=ü", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=SOON", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=NEVER,SUCCESS", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=SUCCESS,SUCCESS", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=SUCCESS,,DELAY", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=SUCCESS,", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> ORCPT", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> ORCPT=b@example.org", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> ORCPT=;b@example.org", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> ORCPT=rfc822;", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> ORCPT=rfc(822);b@example.org", SmtpSyntaxError.BadParameterValue)]
    [InlineData("RCPT TO:<b@example.org> ORCPT=rfc822;b+zz@example.org", SmtpSyntaxError.BadParameterValue)]
    // Not keyword[=value] at all.
    [InlineData("MAIL FROM:<a@example.org> SIZE=", SmtpSyntaxError.BadParameterSyntax)]
    [InlineData("MAIL FROM:<a@example.org> =10", SmtpSyntaxError.BadParameterSyntax)]
    [InlineData("MAIL FROM:<a@example.org> -SIZE=10", SmtpSyntaxError.BadParameterSyntax)]
    [InlineData("MAIL FROM:<a@example.org> SI_ZE=10", SmtpSyntaxError.BadParameterSyntax)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=1=2", SmtpSyntaxError.BadParameterSyntax)]
    [InlineData("MAIL FROM:<a@example.org> ENVID=a=b", SmtpSyntaxError.BadParameterSyntax)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=10\t", SmtpSyntaxError.BadParameterSyntax)]
    [InlineData("MAIL FROM:<a@example.org> SIZE=\u007f", SmtpSyntaxError.BadParameterSyntax)]
    [InlineData("RCPT TO:<b@example.org> NOTIFY=", SmtpSyntaxError.BadParameterSyntax)]
    public void BadParameter_IsNamedByItsError(string line, SmtpSyntaxError error)
    {
        Assert.Equal(error, ErrorOf(line));
    }

    [Fact]
    public void FirstBadParameter_DecidesTheError()
    {
        Assert.Equal(SmtpSyntaxError.UnknownParameter, ErrorOf("MAIL FROM:<a@example.org> FOO=1 SIZE=abc"));
        Assert.Equal(SmtpSyntaxError.BadParameterValue, ErrorOf("MAIL FROM:<a@example.org> SIZE=abc FOO=1"));
    }

    [Theory]
    [InlineData(" SIZE=1  BODY=7BIT ", "SIZE=1  BODY=7BIT")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void Raw_IsTheParameterTextWithoutOuterSpaces(string text, string raw)
    {
        SmtpSyntaxError error = EsmtpParameterParser.Parse(Wire.Bytes(text), SmtpVerb.Mail, out EsmtpParameters parameters);

        Assert.Equal(SmtpSyntaxError.None, error);
        Assert.Equal(raw, Wire.Text(parameters.Raw));
    }

    [Fact]
    public void FailedParse_LeavesNoParameters()
    {
        SmtpSyntaxError error = EsmtpParameterParser.Parse(Wire.Bytes(" SIZE=1 FOO"), SmtpVerb.Mail, out EsmtpParameters parameters);

        Assert.Equal(SmtpSyntaxError.UnknownParameter, error);
        Assert.Equal(-1, parameters.Size);
        Assert.True(parameters.Raw.IsEmpty);
    }

    private static SmtpSyntaxError ErrorOf(string line)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);
        Assert.Equal(status == ParseStatus.Complete, command.Error == SmtpSyntaxError.None);
        return command.Error;
    }
}
