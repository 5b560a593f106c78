using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Sessions;

namespace SmtpShield.Relay;

/// <summary>
/// Probes each backend's EHLO at start and every Relay:CapabilityRefresh, and offers clients only the
/// extensions every backend has (shared/INTEGRATION.md §2). Until a backend has answered once, clients
/// are offered SmtpShield's own list: a mismatch then costs a backend refusal the client hears, never mail.
/// </summary>
internal sealed partial class BackendCapabilityMonitor(
    BackendRelay relay,
    SessionReplies replies,
    IOptions<SessionLimits> limits,
    IOptions<RelayOptions> options,
    TimeProvider time,
    ILogger<BackendCapabilityMonitor> logger) : BackgroundService
{
    private readonly ExtensionSet _own = ExtensionSet.Own(limits.Value);

    /// <summary>Probes every backend now and updates what clients are offered; the loop and tests call it.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (BackendTarget target in relay.Targets)
        {
            try
            {
                BackendCapabilities capabilities = await relay.Client.ProbeAsync(target, cancellationToken);
                if (target.Capabilities?.ToString() != capabilities.ToString())
                {
                    LogCapabilities(target.Name, capabilities.ToString());
                }

                target.Capabilities = capabilities;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogProbeFailed(target.Name, e is BackendException ? e.Message : e.GetBaseException().Message);
            }
        }

        Recompute();
    }

    /// <summary>Recomputes the offer from each backend's last probe (the EHLO a handoff sees is per client, so it is not used).</summary>
    public void Recompute()
    {
        BackendCapabilities[] known = [.. relay.Targets.Select(t => t.Capabilities).OfType<BackendCapabilities>()];
        ExtensionSet offered = CapabilityIntersection.Compute(_own, known);
        if (offered != replies.Extensions)
        {
            replies.Advertise(offered);
            LogOffered(string.Join(' ', offered.Keywords(offerStartTls: false)), known.Length, relay.Targets.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CapabilityRefresh, time);
        try
        {
            do
            {
                await RefreshAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or a start that failed (a port in use) being disposed: not a crash to report.
        }
    }

    [LoggerMessage(70, LogLevel.Information, "RELAY backend {Backend} offers: {Keywords}")]
    private partial void LogCapabilities(string backend, string keywords);

    [LoggerMessage(71, LogLevel.Warning, "RELAY backend {Backend} capability probe failed: {Reason}")]
    private partial void LogProbeFailed(string backend, string reason);

    [LoggerMessage(72, LogLevel.Information, "RELAY offering clients: {Keywords} (from {Known} of {Backends} backends)")]
    private partial void LogOffered(string keywords, int known, int backends);
}
