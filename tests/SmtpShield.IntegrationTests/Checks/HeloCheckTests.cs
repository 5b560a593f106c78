using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using SmtpShield.Checks;
using SmtpShield.Checks.Helo;
using SmtpShield.Checks.ReverseDns;
using SmtpShield.Hosting;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// The EHLO name, judged against the client's address and its forward-confirmed reverse name (looked up
/// in dnsmasq, <see cref="TestReverseDnsServer"/>). Each case: client, the EHLO line as sent → score and
/// reason (defaults: bare IP 1, single label 0.5, literal mismatch 1, our own name or address 2, invalid 1,
/// differing from the verified reverse name 0.25). RFC 5321 §4.1.2's Domain has no trailing dot, and
/// Postfix's valid_hostname() refuses one too. We are mx.test.example, reached at 127.0.0.1.
/// </summary>
public class HeloCheckTests(TestReverseDnsServer dns) : IClassFixture<TestReverseDnsServer>
{
    private readonly Dnsmasq _server = dns.Server;

    [Theory]
    [InlineData("127.8.0.1", "EHLO mail.rdns.test", 0, null)]
    [InlineData("127.8.0.1", "EHLO MAIL.Rdns.Test", 0, null)]
    [InlineData("127.8.0.1", "EHLO other.example", 0.25, "EHLO other.example differs from the verified reverse name mail.rdns.test")]
    [InlineData("127.8.0.2", "EHLO other.example", 0, null)]
    [InlineData("127.8.0.3", "EHLO other.example", 0, null)]
    [InlineData("127.8.0.1", "EHLO 127.8.0.1", 1, "EHLO 127.8.0.1 is a bare IP address")]
    [InlineData("127.8.0.1", "EHLO localhost", 0.5, "EHLO localhost is not a fully qualified name")]
    [InlineData("127.8.0.1", "EHLO mx.test.example", 2, "EHLO mx.test.example is our own name")]
    [InlineData("127.8.0.1", "EHLO Mx.Test.Example", 2, "EHLO Mx.Test.Example is our own name")]
    [InlineData("127.8.0.1", "EHLO [127.8.0.1]", 0, null)]
    [InlineData("127.8.0.1", "EHLO [127.8.0.9]", 1, "EHLO [127.8.0.9] is not the client's address")]
    [InlineData("127.8.0.1", "EHLO [127.0.0.1]", 2, "EHLO [127.0.0.1] is our own address")]
    [InlineData("127.8.0.1", "EHLO [IPv6:2001:db8::1]", 1, "EHLO [IPv6:2001:db8::1] is not the client's address")]
    [InlineData("127.8.0.1", "EHLO [IPv6:::ffff:127.8.0.1]", 0, null)]
    [InlineData("127.8.0.1", "EHLO bad_name.example", 1, "EHLO bad_name.example is not a valid host name")]
    [InlineData("127.8.0.1", "EHLO mail.rdns.test.", 1, "EHLO mail.rdns.test. is not a valid host name")]
    [InlineData("127.8.0.1", "HELO mail.rdns.test trailing words", 0, null)]
    public async Task EhloName_IsScored(string client, string line, double score, string? reason)
    {
        CheckResult result = await CheckAsync(IPAddress.Parse(client), line);

        Assert.Equal(new CheckResult("helo", CheckOutcome.Pass, score, reason), result);
    }

    private async Task<CheckResult> CheckAsync(IPAddress client, string line)
    {
        Assert.Equal(ParseStatus.Complete, SmtpCommandParser.Parse(Encoding.ASCII.GetBytes(line), LineFlags.None, out SmtpCommand command));
        CheckSubject subject = TestChecks.Subject(client);
        subject.Helo = Encoding.ASCII.GetString(command.Argument.Span);
        subject.HeloKind = command.HeloKind;
        subject.ReverseDns = new ReverseDnsLookup(TestChecks.Resolver(_server.Server)).LookupAsync(client, CancellationToken.None);
        var check = new HeloCheck(Options.Create(new HeloOptions()), Options.Create(new ServerOptions { Hostname = "mx.test.example" }));
        return await check.RunAsync(subject, CancellationToken.None);
    }
}
