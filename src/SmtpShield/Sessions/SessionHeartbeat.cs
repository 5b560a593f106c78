using Microsoft.Extensions.Hosting;

namespace SmtpShield.Sessions;

/// <summary>
/// One timer for all sessions (as Kestrel's heartbeat does for HTTP): each tick compares every session's
/// deadlines with the clock. Idle connections thus cost no timer object each.
/// </summary>
internal sealed class SessionHeartbeat(SessionRegistry registry, TimeProvider time) : IHostedService, IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => registry.CheckTimeouts(time.GetTimestamp()), null, Interval, Interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Keep ticking while the host drains: stuck sessions must still be aborted.
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();
}
