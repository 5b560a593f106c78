using System.Net;
using Microsoft.Extensions.Options;
using SmtpShield.Callouts;
using SmtpShield.Checks.Access;
using SmtpShield.Hosting;
using SmtpShield.Verdicts;

namespace SmtpShield.Tests.Callouts;

/// <summary>Where a callout must never go, whatever a (forged) MX says.</summary>
public sealed class CalloutTargetGuardTests
{
    [Theory]
    [InlineData("0.0.0.0", 25, "no address a mail server can have")] // connects to this host on Linux
    [InlineData("::", 25, "no address a mail server can have")]
    [InlineData("::ffff:0.0.0.0", 25, "no address a mail server can have")]
    [InlineData("224.0.0.1", 25, "no address a mail server can have")]
    [InlineData("169.254.1.1", 25, "no address a mail server can have")]
    [InlineData("fe80::1", 25, "no address a mail server can have")]
    [InlineData("127.0.0.1", 25, "this server's own listener")] // "*:25" owns the port on loopback
    [InlineData("192.0.2.9", 2525, "this server's own listener")]
    [InlineData("10.1.2.3", 25, "Policy:Allow")]
    [InlineData("192.0.2.9", 25, null)]
    [InlineData("127.0.0.1", 2526, null)]
    public void Refuses_UnusableAddressesOwnListenersAndTrustedNetworks(string address, int port, string? reason)
    {
        var endpoints = new ListenerEndpoints();
        endpoints.AddSmtp(new IPEndPoint(IPAddress.IPv6Any, 25));
        endpoints.AddSmtp(new IPEndPoint(IPAddress.Parse("192.0.2.9"), 2525));
        var policy = new PolicyOptions();
        policy.Allow.Clear();
        policy.Allow.Add("10.0.0.0/8");
        var guard = new CalloutTargetGuard(endpoints, new AccessList(Options.Create(policy)));

        string? refused = guard.Refuses(new IPEndPoint(IPAddress.Parse(address), port));

        if (reason is null)
        {
            Assert.Null(refused);
        }
        else
        {
            Assert.Contains(reason, refused, StringComparison.Ordinal);
        }
    }
}
