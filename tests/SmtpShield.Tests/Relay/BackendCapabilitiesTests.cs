using SmtpShield.Protocol;
using SmtpShield.Relay;
using SmtpShield.Sessions;

namespace SmtpShield.Tests.Relay;

/// <summary>EHLO lists as the three backends send them (shared/INTEGRATION.md §2), and what clients are offered.</summary>
public class BackendCapabilitiesTests
{
    private static readonly ExtensionSet s_own = new(MaxMessageSize: 52_428_800, Pipelining: true, EightBitMime: true, Dsn: true, SmtpUtf8: true, EnhancedStatusCodes: true);

    private static BackendCapabilities Ehlo(params string[] lines) =>
        BackendCapabilities.FromEhlo(new ParsedReply(250, ["backend.example.test", .. lines], []));

    private static BackendCapabilities Postfix => Ehlo("PIPELINING", "SIZE 10240000", "VRFY", "ETRN", "STARTTLS", "XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT",
        "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING");

    private static BackendCapabilities Exim => Ehlo("SIZE 52428800", "8BITMIME", "PIPELINING", "PIPECONNECT", "CHUNKING", "STARTTLS", "SMTPUTF8", "HELP");

    private static BackendCapabilities Courier => Ehlo("XVERP=Courier", "XEXDATA", "XSECURITY=NONE,STARTTLS", "PIPELINING", "8BITMIME", "SMTPUTF8", "SIZE", "DSN");

    [Fact]
    public void Postfix_SizeAndXclientAttributesAreRead()
    {
        Assert.Equal(10_240_000, Postfix.SizeLimit);
        Assert.Contains("DESTPORT", Postfix.XclientAttributes);
        Assert.True(Postfix.Has("smtputf8"));
    }

    [Fact]
    public void SizeWithoutValue_MeansNoFixedLimit()
    {
        Assert.Equal(0, Courier.SizeLimit);
        Assert.Null(Ehlo("PIPELINING").SizeLimit);
    }

    [Fact]
    public void Postfix_Alone_NarrowsOnlySize()
    {
        ExtensionSet offered = CapabilityIntersection.Compute(s_own, [Postfix]);
        Assert.Equal(s_own with { MaxMessageSize = 10_240_000 }, offered);
    }

    [Fact]
    public void Exim_HasNoDsnAndNoEnhancedStatusCodes()
    {
        ExtensionSet offered = CapabilityIntersection.Compute(s_own, [Exim]);
        Assert.False(offered.Dsn);
        Assert.False(offered.EnhancedStatusCodes);
        Assert.True(offered.SmtpUtf8);
        Assert.Equal(["PIPELINING", "SIZE 52428800", "STARTTLS", "8BITMIME", "SMTPUTF8"], offered.Keywords(offerStartTls: true));
    }

    [Fact]
    public void Courier_WithoutASizeLimit_KeepsOurs()
    {
        ExtensionSet offered = CapabilityIntersection.Compute(s_own, [Courier]);
        Assert.Equal(s_own.MaxMessageSize, offered.MaxMessageSize);
        Assert.False(offered.EnhancedStatusCodes);
    }

    [Fact]
    public void SeveralBackends_GiveTheIntersection_AndTheSmallestSize()
    {
        BackendCapabilities noUtf8 = Ehlo("PIPELINING", "SIZE 5000000", "8BITMIME", "DSN", "ENHANCEDSTATUSCODES");
        ExtensionSet offered = CapabilityIntersection.Compute(s_own, [Postfix, noUtf8]);
        Assert.Equal(5_000_000, offered.MaxMessageSize);
        Assert.False(offered.SmtpUtf8);
        Assert.True(offered.Dsn);
    }

    [Fact]
    public void NoBackendKnownYet_OffersOurOwnList()
    {
        Assert.Equal(s_own, CapabilityIntersection.Compute(s_own, []));
    }
}
