using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace SmtpShield.Blocklist.Store;

/// <summary>
/// Writes store changes on one dedicated thread, as many queued lists as are waiting in one transaction
/// (a wave of blocks costs one fsync per batch, not one per client). A write that fails is logged and
/// reported to whoever awaits it; the daemon keeps serving, with the index still right in memory.
/// </summary>
internal sealed partial class BlocklistWriter : IAsyncDisposable
{
    // One transaction holds at most this many queued lists, so a flood of admin imports cannot starve waiters.
    private const int MaxListsPerTransaction = 1024;

    private readonly BlocklistStore _store;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public BlocklistWriter(BlocklistStore store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public BlocklistStore Store => _store;

    /// <summary>Queues <paramref name="changes"/>; the task completes once they are committed (or faults if the write failed).</summary>
    public Task WriteAsync(IReadOnlyList<StoreChange> changes)
    {
        var pending = new Pending(changes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Done.SetException(new ObjectDisposedException(nameof(BlocklistWriter)));
        }

        return pending.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _store.Dispose();
    }

    private void Loop()
    {
        var batch = new List<Pending>();
        var changes = new List<StoreChange>();
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            changes.Clear();
            while (batch.Count < MaxListsPerTransaction && _queue.Reader.TryRead(out Pending? pending))
            {
                batch.Add(pending);
                changes.AddRange(pending.Changes);
            }

            try
            {
                _store.Write(changes);
                batch.ForEach(p => p.Done.SetResult());
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
            {
                LogWriteFailed(_store.Path, changes.Count, e.Message);
                batch.ForEach(p => p.Done.SetException(e));
            }
        }
    }

    private sealed record Pending(IReadOnlyList<StoreChange> Changes, TaskCompletionSource Done);

    [LoggerMessage(80, LogLevel.Error, "BLOCK store {Path}: writing {Changes} change(s) failed: {Reason}; the blocks hold in memory until restart")]
    private partial void LogWriteFailed(string path, int changes, string reason);
}
