using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SmtpShield.Blocklist;
using SmtpShield.Checks.Access;
using SmtpShield.Sessions;
using SmtpShield.Verdicts;

namespace SmtpShield.Listener;

/// <summary>
/// Per-client connection limits at accept (Postfix anvil's connection count and rate): at most
/// Limits:MaxSessionsPerClient at once and Limits:MaxConnectionsPerClientPerMinute new ones a minute per
/// address (IPv6 by Limits:ClientIpv6Prefix). Never for Policy:Allow or a client that passed before: a
/// big sender's many MTAs are not a wave. A count per connected address (<see cref="ClientConnectionCounter"/>),
/// dropped with its last connection, so a wave of distinct addresses costs only while they are connected.
/// </summary>
internal sealed class ClientLimits : IDisposable
{
    private readonly AccessList _access;
    private readonly IVerdictCache _passed;
    private readonly int _ipv6Prefix;
    private readonly ClientConnectionCounter _concurrent;
    private readonly PartitionedRateLimiter<NetworkKey>? _rate;
    private readonly PartitionedRateLimiter<NetworkKey>? _refusals;

    public ClientLimits(IOptions<SessionLimits> options, AccessList access, IVerdictCache passed)
    {
        ArgumentNullException.ThrowIfNull(options);
        SessionLimits limits = options.Value;
        _access = access;
        _passed = passed;
        _ipv6Prefix = limits.ClientIpv6Prefix;
        _concurrent = new ClientConnectionCounter(limits.MaxSessionsPerClient);
        _rate = limits.MaxConnectionsPerClientPerMinute == 0 ? null : PerMinute(limits.MaxConnectionsPerClientPerMinute);
        _refusals = limits.LimitRefusalsPerOffence == 0 ? null : PerMinute(limits.LimitRefusalsPerOffence);
    }

    /// <summary>
    /// Admitted with a lease to dispose when the connection ends (null for an allowlisted client), or the
    /// limit the client is over.
    /// </summary>
    public ClientLimit TryAdmit(IPAddress client, out RateLimitLease? lease)
    {
        lease = null;
        if (_access.Decide(client) == AccessDecision.Allow || _passed.HasPassed(client))
        {
            return ClientLimit.None;
        }

        NetworkKey key = KeyOf(client);
        if (_concurrent.TryEnter(key) is not { } concurrent)
        {
            return ClientLimit.Connections;
        }

        if (_rate is not null)
        {
            using RateLimitLease rate = _rate.AttemptAcquire(key);
            if (!rate.IsAcquired)
            {
                concurrent.Dispose();
                return ClientLimit.Rate;
            }
        }

        lease = concurrent;
        return ClientLimit.None;
    }

    /// <summary>
    /// Counts a refusal by the rate limit; true beyond Limits:LimitRefusalsPerOffence within the minute:
    /// an offence for the blocklist. The concurrency limit never makes one (nor does Postfix's anvil):
    /// a busy legitimate sender hits it, a hammering bot hits the rate.
    /// </summary>
    public bool IsOffence(IPAddress client)
    {
        if (_refusals is null)
        {
            return false;
        }

        using RateLimitLease refusal = _refusals.AttemptAcquire(KeyOf(client));
        return !refusal.IsAcquired;
    }

    public void Dispose()
    {
        _rate?.Dispose();
        _refusals?.Dispose();
    }

    private NetworkKey KeyOf(IPAddress client)
    {
        NetworkKey key = NetworkKey.ForAddress(client);
        return key.IsV6 ? key.Truncate(_ipv6Prefix) : key;
    }

    private static PartitionedRateLimiter<NetworkKey> PerMinute(int permits)
    {
        var window = new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };
        return PartitionedRateLimiter.Create<NetworkKey, NetworkKey>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => window));
    }
}

/// <summary>Which per-client limit a new connection is over.</summary>
internal enum ClientLimit : byte
{
    None,
    Connections,
    Rate,
}
