using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// Carries blocklist changes to the kernel: whatever arrives within Blocklist:BatchInterval of the first
/// change goes as one batch (the last change per network wins), so a wave of 10,000 blocks costs a few
/// commands, not 10,000. A full resync replaces everything queued before it. Failures are retried with
/// backoff, then logged and counted; SMTP service never waits for the firewall.
/// </summary>
internal sealed partial class FirewallBatcher : BackgroundService
{
    private readonly IFirewallBlocklist _driver;
    private readonly BlocklistMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<FirewallBatcher> _logger;
    private readonly ResiliencePipeline _retry;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private long _pending;

    public FirewallBatcher(IFirewallBlocklist driver, BlocklistOptions options, BlocklistMetrics metrics, TimeProvider time, ILogger<FirewallBatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _driver = driver;
        _metrics = metrics;
        _time = time;
        _interval = options.BatchInterval;
        _logger = logger;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder().Handle<FirewallCommandException>(),
                OnRetry = args =>
                {
                    LogRetry(_driver.Name, args.AttemptNumber + 1, args.Outcome.Exception?.Message ?? "failed");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public string DriverName => _driver.Name;

    public bool ExpiresInKernel => _driver.ExpiresInKernel;

    /// <summary>Changes queued or being applied (for tests and the admin API's view of the kernel lag).</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public void Enqueue(FirewallChange change)
    {
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(new Work(change, null, null));
    }

    /// <summary>Queues a full replacement; the task completes when the kernel holds it (false: the attempt failed;
    /// cancelled: the batcher stopped first).</summary>
    public Task<bool> ReplaceAllAsync(IReadOnlyList<FirewallElement> elements)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new Work(default, elements, done)))
        {
            done.TrySetCanceled(CancellationToken.None);
        }

        return done.Task;
    }

    /// <summary>Completes once everything queued before the call has been applied or given up on (cancelled if the batcher stopped first).</summary>
    public Task DrainedAsync()
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Work(default, null, done)))
        {
            done.TrySetCanceled(CancellationToken.None);
        }

        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Work>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(_interval, _time, stoppingToken);
                batch.Clear();
                while (_queue.Reader.TryRead(out Work? work))
                {
                    batch.Add(work);
                }

                await ApplyAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is in the store and reaches the kernel at the next start's resync.
        }
        finally
        {
            foreach (Work work in batch)
            {
                work.Done?.TrySetCanceled(CancellationToken.None);
            }

            ReleaseWaiters();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // A stop before ExecuteAsync ever ran (it starts on the thread pool) leaves its queue to us.
        ReleaseWaiters();
    }

    // Whoever waits for a resync or a drain learns it will not happen in this run.
    private void ReleaseWaiters()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out Work? work))
        {
            work.Done?.TrySetCanceled(CancellationToken.None);
        }
    }

    private async Task ApplyAsync(List<Work> batch, CancellationToken cancellationToken)
    {
        // Everything up to the last resync is superseded by it; after it, the last change per network wins.
        int lastResync = batch.FindLastIndex(w => w.Resync is not null);
        if (lastResync >= 0)
        {
            bool replaced = await RunAsync("resync", batch[lastResync].Resync!.Count,
                token => _driver.ReplaceAllAsync(batch[lastResync].Resync!, token), cancellationToken);
            batch.Take(lastResync + 1).Where(w => w.Resync is not null).ToList().ForEach(w => w.Done!.TrySetResult(replaced));
        }

        var latest = new Dictionary<NetworkKey, FirewallChange>();
        var order = new List<NetworkKey>();
        foreach (Work work in batch.Skip(lastResync + 1).Where(w => w.Done is null))
        {
            if (latest.TryAdd(work.Change.Element.Network, work.Change))
            {
                order.Add(work.Change.Element.Network);
            }
            else
            {
                latest[work.Change.Element.Network] = work.Change;
            }
        }

        if (order.Count > 0)
        {
            // Removals first: a prefix may replace the narrower ones it absorbed, and an interval set
            // refuses an element that overlaps one still there.
            FirewallChange[] changes = [.. order.Select(network => latest[network]).OrderBy(change => change.Kind == FirewallChangeKind.Add)];
            await RunAsync("batch", changes.Length, token => _driver.ApplyAsync(changes, token), cancellationToken);
        }

        Interlocked.Add(ref _pending, -batch.Count(w => w.Done is null || w.Resync is not null));
        batch.Where(w => w.Done is not null && w.Resync is null).ToList().ForEach(w => w.Done!.TrySetResult(true));
    }

    private async Task<bool> RunAsync(string kind, int count, Func<CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        try
        {
            await _retry.ExecuteAsync(async token => await apply(token), cancellationToken);
            _metrics.FirewallCommand(_driver.Name, kind, "ok", count);
            double milliseconds = _time.GetElapsedTime(started).TotalMilliseconds;
            if (kind == "resync")
            {
                LogResynced(_driver.Name, count, milliseconds);
            }
            else
            {
                LogApplied(_driver.Name, kind, count, milliseconds);
            }
            return true;
        }
        catch (FirewallCommandException e)
        {
            _metrics.FirewallCommand(_driver.Name, kind, "failed", count);
            LogFailed(_driver.Name, kind, count, e.Message);
            return false;
        }
    }

    private sealed record Work(FirewallChange Change, IReadOnlyList<FirewallElement>? Resync, TaskCompletionSource<bool>? Done);

    [LoggerMessage(90, LogLevel.Debug, "BLOCK firewall {Driver}: {Kind} of {Count} element(s) applied in {Milliseconds:0.#} ms")]
    private partial void LogApplied(string driver, string kind, int count, double milliseconds);

    // Once per start (and per admin resync): worth an admin's eye, unlike every small batch.
    [LoggerMessage(93, LogLevel.Information, "BLOCK firewall {Driver}: resync of {Count} element(s) applied in {Milliseconds:0.#} ms")]
    private partial void LogResynced(string driver, int count, double milliseconds);

    [LoggerMessage(91, LogLevel.Warning, "BLOCK firewall {Driver}: attempt {Attempt} failed: {Reason}; retrying")]
    private partial void LogRetry(string driver, int attempt, string reason);

    [LoggerMessage(92, LogLevel.Error, "BLOCK firewall {Driver}: {Kind} of {Count} element(s) failed after retries: {Reason}; SmtpShield still refuses those clients itself")]
    private partial void LogFailed(string driver, string kind, int count, string reason);
}
