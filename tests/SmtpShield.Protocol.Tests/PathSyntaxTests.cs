namespace SmtpShield.Protocol.Tests;

/// <summary>
/// Reverse-paths and forward-paths (RFC 5321 §4.1.2, UTF-8 per RFC 6531 §3.3): what MAIL FROM and RCPT TO
/// accept and what the <see cref="SmtpPath"/> view holds.
/// </summary>
public class PathSyntaxTests
{
    [Theory]
    [InlineData("MAIL FROM:<a@example.org>", "a@example.org", "a", "example.org", PathFlags.None)]
    [InlineData("MAIL FROM: <a@example.org>", "a@example.org", "a", "example.org", PathFlags.None)]
    [InlineData("MAIL FROM:   <a@example.org>", "a@example.org", "a", "example.org", PathFlags.None)]
    [InlineData("MAIL FROM:<>", "", "", "", PathFlags.Null)]
    [InlineData("MAIL FROM: <>", "", "", "", PathFlags.Null)]
    [InlineData("MAIL FROM:<first.last+tag@sub.example.org>", "first.last+tag@sub.example.org", "first.last+tag", "sub.example.org", PathFlags.None)]
    [InlineData("MAIL FROM:<!#$%&'*+-/=?^_`{|}~@example.org>", "!#$%&'*+-/=?^_`{|}~@example.org", "!#$%&'*+-/=?^_`{|}~", "example.org", PathFlags.None)]
    [InlineData("MAIL FROM:<\"a b\"@example.org>", "\"a b\"@example.org", "\"a b\"", "example.org", PathFlags.QuotedLocalPart)]
    [InlineData("MAIL FROM:<\"a\\\"b\"@example.org>", "\"a\\\"b\"@example.org", "\"a\\\"b\"", "example.org", PathFlags.QuotedLocalPart)]
    [InlineData("MAIL FROM:<\"a@b>c\"@example.org>", "\"a@b>c\"@example.org", "\"a@b>c\"", "example.org", PathFlags.QuotedLocalPart)]
    [InlineData("MAIL FROM:<\"\"@example.org>", "\"\"@example.org", "\"\"", "example.org", PathFlags.QuotedLocalPart)]
    [InlineData("MAIL FROM:<a@[192.0.2.1]>", "a@[192.0.2.1]", "a", "[192.0.2.1]", PathFlags.AddressLiteral)]
    [InlineData("RCPT TO:<a@[IPv6:2001:db8::1]>", "a@[IPv6:2001:db8::1]", "a", "[IPv6:2001:db8::1]", PathFlags.AddressLiteral)]
    [InlineData("MAIL FROM:<@relay.example:user@example.org>", "user@example.org", "user", "example.org", PathFlags.SourceRoute)]
    [InlineData("RCPT TO:<@a.example,@b.example:user@example.org>", "user@example.org", "user", "example.org", PathFlags.SourceRoute)]
    [InlineData("RCPT TO:<Postmaster>", "Postmaster", "Postmaster", "", PathFlags.Postmaster)]
    [InlineData("RCPT TO:<postMASTER>", "postMASTER", "postMASTER", "", PathFlags.Postmaster)]
    [InlineData("RCPT TO:<Postmaster@example.org>", "Postmaster@example.org", "Postmaster", "example.org", PathFlags.None)]
    [InlineData("MAIL FROM:<用户@例子.广告>", "用户@例子.广告", "用户", "例子.广告", PathFlags.NonAscii)]
    [InlineData("MAIL FROM:<jürgen@example.org>", "jürgen@example.org", "jürgen", "example.org", PathFlags.NonAscii)]
    [InlineData("RCPT TO:<info@bücher.example>", "info@bücher.example", "info", "bücher.example", PathFlags.NonAscii)]
    [InlineData("RCPT TO:<δοκιμή@παράδειγμα.δοκιμή>", "δοκιμή@παράδειγμα.δοκιμή", "δοκιμή", "παράδειγμα.δοκιμή", PathFlags.NonAscii)]
    [InlineData("MAIL FROM:<\"ü ser\"@example.org>", "\"ü ser\"@example.org", "\"ü ser\"", "example.org", PathFlags.QuotedLocalPart | PathFlags.NonAscii)]
    public void ValidPath_IsParsedIntoMailbox(string line, string mailbox, string localPart, string domain, PathFlags flags)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(mailbox, Wire.Text(command.Path.Mailbox));
        Assert.Equal(localPart, Wire.Text(command.Path.LocalPart));
        Assert.Equal(domain, Wire.Text(command.Path.Domain));
        Assert.Equal(flags, command.Path.Flags);
    }

    [Theory]
    [InlineData("RCPT TO:<>")]
    [InlineData("MAIL FROM:<Postmaster>")]
    [InlineData("RCPT TO:<\"Postmaster\">")]
    [InlineData("RCPT TO:<user>")]
    [InlineData("MAIL FROM:a@example.org")]
    [InlineData("MAIL FROM:")]
    [InlineData("MAIL FROM:<")]
    [InlineData("MAIL FROM:<a@example.org")]
    [InlineData("MAIL FROM:<a@example.org>junk")]
    [InlineData("MAIL FROM:<a@example.org>SIZE=10")]
    [InlineData("MAIL FROM:<a@example.org>>")]
    [InlineData("MAIL FROM:<<a@example.org>>")]
    [InlineData("MAIL FROM:<a@>")]
    [InlineData("MAIL FROM:<@example.org>")]
    [InlineData("MAIL FROM:<a@b@example.org>")]
    [InlineData("MAIL FROM:<.a@example.org>")]
    [InlineData("MAIL FROM:<a.@example.org>")]
    [InlineData("MAIL FROM:<a..b@example.org>")]
    [InlineData("MAIL FROM:<a b@example.org>")]
    [InlineData("MAIL FROM:<a(comment)@example.org>")]
    [InlineData("MAIL FROM:<a@-example.org>")]
    [InlineData("MAIL FROM:<a@example-.org>")]
    [InlineData("MAIL FROM:<a@exa_mple.org>")]
    [InlineData("MAIL FROM:<a@example..org>")]
    [InlineData("MAIL FROM:<a@example.org.>")]
    [InlineData("MAIL FROM:<a@[192.0.2.999]>")]
    [InlineData("MAIL FROM:<a@[192.0.2.1>")]
    [InlineData("MAIL FROM:<a@[IPv6:2001:db8::zz]>")]
    [InlineData("MAIL FROM:<\"a@example.org>")]
    [InlineData("MAIL FROM:<\"a\"b@example.org>")]
    [InlineData("MAIL FROM:<\"a\tb\"@example.org>")]
    [InlineData("MAIL FROM:<\"a\\\u0001\"@example.org>")]
    [InlineData("MAIL FROM:<@relay.example>")]
    [InlineData("MAIL FROM:<@relay_example:a@example.org>")]
    [InlineData("MAIL FROM:<@relay.example,relay2.example:a@example.org>")]
    [InlineData("MAIL FROM:<@relay.example:>")]
    [InlineData("MAIL FROM:<@:a@example.org>")]
    public void MalformedPath_IsBadPath(string line)
    {
        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.SyntaxError, status);
        Assert.Equal(SmtpSyntaxError.BadPath, command.Error);
    }

    [Fact]
    public void LocalPartLongerThan64Octets_IsAccepted()
    {
        // RFC 5321 §4.5.3.1.1 gives 64 octets, but §4.5.3.1 asks servers not to impose such limits where
        // they can avoid it; the line limit bounds the path here.
        string line = $"MAIL FROM:<{new string('a', 300)}@example.org>";

        ParseStatus status = Wire.Parse(line, out SmtpCommand command);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(300, command.Path.LocalPart.Length);
    }

    [Fact]
    public void AtIndex_PointsAtTheSeparatorInTheMailbox()
    {
        Wire.Parse("RCPT TO:<@relay.example:\"a@b\"@example.org>", out SmtpCommand command);

        Assert.Equal(5, command.Path.AtIndex);
        Assert.Equal((byte)'@', command.Path.Mailbox.Span[command.Path.AtIndex]);
    }

    [Fact]
    public void NullPath_HasNoSeparatorAndIsNull()
    {
        Wire.Parse("MAIL FROM:<>", out SmtpCommand command);

        Assert.True(command.Path.IsNull);
        Assert.Equal(-1, command.Path.AtIndex);
        Assert.True(command.Path.Mailbox.IsEmpty);
    }

    [Fact]
    public void Mailbox_IsAViewIntoTheLine()
    {
        byte[] line = Wire.Bytes("MAIL FROM:<a@example.org>");

        SmtpCommandParser.Parse(line, LineFlags.None, out SmtpCommand command);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(command.Path.Mailbox, out ArraySegment<byte> segment));
        Assert.Same(line, segment.Array);
        Assert.Equal(11, segment.Offset);
    }

    [Theory]
    [InlineData("<a@example.org> SIZE=1", true, 15)]
    [InlineData("<> BODY=8BITMIME", true, 2)]
    [InlineData("<Postmaster>", false, 12)]
    [InlineData("<@r.example:a@example.org>", false, 26)]
    public void TryParse_ConsumesThePathUpToItsClosingBracket(string text, bool isReversePath, int consumed)
    {
        bool parsed = PathSyntax.TryParse(Wire.Bytes(text), isReversePath, out _, out int actual);

        Assert.True(parsed);
        Assert.Equal(consumed, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<")]
    [InlineData(">")]
    [InlineData("a@example.org")]
    public void TryParse_RefusesTextThatIsNotAPath(string text)
    {
        bool parsed = PathSyntax.TryParse(Wire.Bytes(text), isReversePath: true, out SmtpPath path, out int consumed);

        Assert.False(parsed);
        Assert.Equal(0, consumed);
        Assert.True(path.Mailbox.IsEmpty);
    }
}
