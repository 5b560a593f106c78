using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SmtpShield.Checks.Access;
using SmtpShield.Listener;
using SmtpShield.Sessions;
using SmtpShield.Verdicts;

namespace SmtpShield.Tests.Listener;

/// <summary>
/// Limits:MaxSessionsPerClient, Limits:MaxConnectionsPerClientPerMinute and Limits:LimitRefusalsPerOffence:
/// counted per client network (an IPv6 client by its /64), released with the lease, never for Policy:Allow.
/// </summary>
public sealed class ClientLimitsTests
{
    private static readonly IPAddress s_client = IPAddress.Parse("192.0.2.7");

    [Fact]
    public void ConnectionsBeyondTheConcurrencyLimit_AreRefusedUntilOneEnds()
    {
        using ClientLimits limits = Create(new SessionLimits { MaxSessionsPerClient = 2, MaxConnectionsPerClientPerMinute = 0 });

        Assert.Equal(ClientLimit.None, limits.TryAdmit(s_client, out RateLimitLease? first));
        Assert.Equal(ClientLimit.None, limits.TryAdmit(s_client, out RateLimitLease? second));
        Assert.Equal(ClientLimit.Connections, limits.TryAdmit(s_client, out RateLimitLease? third));
        Assert.Null(third);
        Assert.Equal(ClientLimit.None, limits.TryAdmit(IPAddress.Parse("192.0.2.8"), out RateLimitLease? other));

        first!.Dispose();
        Assert.Equal(ClientLimit.None, limits.TryAdmit(s_client, out RateLimitLease? again));
        second!.Dispose();
        other!.Dispose();
        again!.Dispose();
    }

    [Fact]
    public void ConnectionsBeyondTheRate_AreRefusedEvenWhenEachHasEnded()
    {
        using ClientLimits limits = Create(new SessionLimits { MaxSessionsPerClient = 5, MaxConnectionsPerClientPerMinute = 3 });

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(ClientLimit.None, limits.TryAdmit(s_client, out RateLimitLease? lease));
            lease!.Dispose();
        }

        Assert.Equal(ClientLimit.Rate, limits.TryAdmit(s_client, out RateLimitLease? refused));
        Assert.Null(refused);
        Assert.Equal(ClientLimit.None, limits.TryAdmit(IPAddress.Parse("192.0.2.8"), out RateLimitLease? other));
        other!.Dispose();
    }

    [Fact]
    public void RateRefusal_ReleasesTheConcurrencySlotItTook()
    {
        using ClientLimits limits = Create(new SessionLimits { MaxSessionsPerClient = 1, MaxConnectionsPerClientPerMinute = 1 });
        Assert.Equal(ClientLimit.None, limits.TryAdmit(s_client, out RateLimitLease? only));
        only!.Dispose();

        // Were the refused attempts' concurrency slots kept, the second would report Connections instead.
        Assert.Equal(ClientLimit.Rate, limits.TryAdmit(s_client, out _));
        Assert.Equal(ClientLimit.Rate, limits.TryAdmit(s_client, out _));
    }

    [Fact]
    public void Ipv6Client_IsCountedByClientIpv6Prefix()
    {
        using ClientLimits limits = Create(new SessionLimits { MaxSessionsPerClient = 1, MaxConnectionsPerClientPerMinute = 0, ClientIpv6Prefix = 64 });

        Assert.Equal(ClientLimit.None, limits.TryAdmit(IPAddress.Parse("2001:db8:1:2::1"), out RateLimitLease? first));
        Assert.Equal(ClientLimit.Connections, limits.TryAdmit(IPAddress.Parse("2001:db8:1:2:ffff::9"), out _));
        Assert.Equal(ClientLimit.None, limits.TryAdmit(IPAddress.Parse("2001:db8:1:3::1"), out RateLimitLease? otherNetwork));
        first!.Dispose();
        otherNetwork!.Dispose();
    }

    [Fact]
    public void Ipv6Clients_AreEachTheirOwnByDefault()
    {
        using ClientLimits limits = Create(new SessionLimits { MaxSessionsPerClient = 1, MaxConnectionsPerClientPerMinute = 0 });

        Assert.Equal(ClientLimit.None, limits.TryAdmit(IPAddress.Parse("2001:db8:1:2::1"), out RateLimitLease? first));
        Assert.Equal(ClientLimit.None, limits.TryAdmit(IPAddress.Parse("2001:db8:1:2::2"), out RateLimitLease? neighbour));
        Assert.Equal(ClientLimit.Connections, limits.TryAdmit(IPAddress.Parse("2001:db8:1:2::1"), out _));
        first!.Dispose();
        neighbour!.Dispose();
    }

    [Fact]
    public void ClientThatPassedBefore_IsNeverLimited()
    {
        var cache = new MemoryVerdictCache(Options.Create(new PolicyOptions()), TimeProvider.System);
        cache.RememberPass(s_client);
        using var limits = new ClientLimits(Options.Create(new SessionLimits { MaxSessionsPerClient = 1, MaxConnectionsPerClientPerMinute = 1 }),
            new AccessList(Options.Create(new PolicyOptions())), cache);

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(ClientLimit.None, limits.TryAdmit(s_client, out _));
        }
    }

    [Fact]
    public void AllowlistedClient_IsNeverLimited()
    {
        using ClientLimits limits = Create(new SessionLimits { MaxSessionsPerClient = 1, MaxConnectionsPerClientPerMinute = 1 }, allow: "192.0.2.0/24");

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(ClientLimit.None, limits.TryAdmit(s_client, out RateLimitLease? lease));
            Assert.Null(lease);
        }
    }

    [Fact]
    public void EveryRefusalBeyondTheAllowance_IsAnOffence()
    {
        using ClientLimits limits = Create(new SessionLimits { LimitRefusalsPerOffence = 3 });

        bool[] offences = [.. Enumerable.Range(0, 5).Select(_ => limits.IsOffence(s_client))];

        Assert.Equal([false, false, false, true, true], offences);
        Assert.False(limits.IsOffence(IPAddress.Parse("192.0.2.8")));
    }

    [Fact]
    public void ZeroRefusalsPerOffence_NeverCounts()
    {
        using ClientLimits limits = Create(new SessionLimits { LimitRefusalsPerOffence = 0 });

        Assert.DoesNotContain(true, Enumerable.Range(0, 100).Select(_ => limits.IsOffence(s_client)));
    }

    private static ClientLimits Create(SessionLimits settings, string? allow = null)
    {
        var policy = new PolicyOptions();
        if (allow is not null)
        {
            policy.Allow.Add(allow);
        }

        return new ClientLimits(Options.Create(settings), new AccessList(Options.Create(policy)),
            new MemoryVerdictCache(Options.Create(new PolicyOptions()), TimeProvider.System));
    }
}
