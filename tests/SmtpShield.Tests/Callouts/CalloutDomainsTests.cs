using SmtpShield.Callouts;

namespace SmtpShield.Tests.Callouts;

/// <summary>Callouts:Domains: "example.org" is that domain, ".example.org" its subdomains, "*" every domain.</summary>
public sealed class CalloutDomainsTests
{
    [Theory]
    [InlineData("user@example.org", true)]
    [InlineData("user@EXAMPLE.org.", true)]
    [InlineData("user@mail.example.org", false)] // the exact entry does not cover subdomains
    [InlineData("user@sub.example.net", true)]
    [InlineData("user@deep.sub.example.net", true)]
    [InlineData("user@example.net", false)] // ".example.net" is its subdomains only
    [InlineData("user@notexample.org", false)]
    [InlineData("user@", false)]
    [InlineData("no-domain", false)]
    public void Covers_ExactDomainsAndParents(string address, bool expected) =>
        Assert.Equal(expected, new CalloutDomains(["example.org", ".example.net"]).Covers(address));

    [Fact]
    public void Star_CoversEveryDomain() =>
        Assert.True(new CalloutDomains(["*"]).Covers("anyone@anywhere.test"));

    [Fact]
    public void NoEntries_CoverNothing() =>
        Assert.False(new CalloutDomains([]).Covers("anyone@anywhere.test"));
}
