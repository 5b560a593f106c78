using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmtpShield.Blocklist.Store;
using SmtpShield.Callouts;
using SmtpShield.Configuration;

namespace SmtpShield.Blocklist;

/// <summary>
/// The blocklist's lifetime in the host: loads the store before the listeners accept (hosted services
/// start before the server), gives the kernel everything in one batch, purges on a timer, and writes
/// the last hit counts at stop. The store holds the sender-callout cache too, loaded and purged alike.
/// </summary>
internal sealed partial class BlocklistMaintenance(
    ClientBlocklist blocklist, CalloutCache callouts, string databasePath, TimeProvider time, ILoggerFactory loggers, ILogger<BlocklistMaintenance> logger)
    : BackgroundService
{
    private BlocklistWriter? _writer;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        BlocklistStore store;
        try
        {
            store = BlocklistStore.Open(databasePath);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new InvalidOperationException($"the blocklist store {databasePath} cannot be opened: {e.Message}", e);
        }

        _writer = new BlocklistWriter(store, loggers.CreateLogger<BlocklistWriter>());
        blocklist.Open(_writer, [.. blocklist.Options.Static.Select(text => AddressText.TryParseNetwork(text, out System.Net.IPNetwork n) ? NetworkKey.For(n) : default)]);
        callouts.Open(_writer);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_writer is not null)
        {
            await blocklist.PurgeAsync();
            await _writer.DisposeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(blocklist.Options.PurgeInterval, time);
        try
        {
            try
            {
                if (!await blocklist.ResyncFirewallAsync().WaitAsync(stoppingToken))
                {
                    LogResyncFailed(blocklist.Firewall.DriverName);
                }
            }
            catch (TaskCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return; // The batcher stopped before the kernel got it: the next start resyncs.
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PurgeAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes the last hit counts.
        }
    }

    private async Task PurgeAsync()
    {
        try
        {
            await blocklist.PurgeAsync();
            await callouts.PurgeAsync();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            // Logged by the writer; the next purge tries again.
        }
    }

    [LoggerMessage(75, LogLevel.Error, "BLOCK firewall {Driver}: the start-up resync failed; SmtpShield refuses blocked clients itself until a later change succeeds")]
    private partial void LogResyncFailed(string driver);
}
