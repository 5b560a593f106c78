using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmtpShield.Checks.Dnsbl;

/// <summary>
/// RFC 5782 §5: a working list answers for 127.0.0.2 and not for 127.0.0.1. Every Dnsbl:HealthProbeInterval
/// each zone is asked both; a zone that lists 127.0.0.1 (listing everyone) or answers error codes is
/// skipped until it behaves, and the log says so. A probe that merely times out changes nothing.
/// </summary>
internal sealed partial class DnsblHealthProbe(
    DnsblZones zones,
    DnsblCheck check,
    IOptions<DnsblOptions> options,
    TimeProvider time,
    ILogger<DnsblHealthProbe> logger) : BackgroundService
{
    private static readonly IPAddress s_mustBeListed = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress s_mustNotBeListed = IPAddress.Parse("127.0.0.1");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan interval = options.Value.HealthProbeInterval;
        if (interval <= TimeSpan.Zero || zones.All.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await Task.WhenAll(zones.All.Select(zone => ProbeAsync(zone, stoppingToken)));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Probes one zone now and updates its health.</summary>
    public async Task ProbeAsync(DnsblZone zone, CancellationToken cancellationToken)
    {
        ZoneAnswer listed = await check.AskAsync(zone, s_mustBeListed, cancellationToken);
        ZoneAnswer unlisted = await check.AskAsync(zone, s_mustNotBeListed, cancellationToken);
        // Judged on the raw listing, not the filtered weight: a filter may rightly ignore the test code.
        string? broken = unlisted.Listed || (unlisted.Error?.Contains("error code", StringComparison.Ordinal) ?? false)
                ? unlisted.Error ?? "lists 127.0.0.1 (it would list every client)"
            : listed.Error is { } error && error.Contains("error code", StringComparison.Ordinal) ? error
            : listed.Error is null && !listed.Listed ? "does not list the test address 127.0.0.2"
            : null;
        if (listed.Error is not null && broken is null)
        {
            return; // a timeout says nothing about the zone's data
        }

        bool wasHealthy = zone.IsHealthy;
        if (broken is null)
        {
            zone.MarkHealthy();
            if (!wasHealthy)
            {
                LogEnabled(logger, zone.Name);
            }
        }
        else
        {
            zone.MarkUnhealthy(broken);
            if (wasHealthy)
            {
                LogDisabled(logger, zone.Name, broken);
            }
        }
    }

    [LoggerMessage(60, LogLevel.Warning, "DNSBL zone {Zone} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string zone, string reason);

    [LoggerMessage(61, LogLevel.Information, "DNSBL zone {Zone} enabled again: its test entries answer as RFC 5782 asks")]
    private static partial void LogEnabled(ILogger logger, string zone);
}
