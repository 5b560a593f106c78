namespace SmtpLoad;

/// <summary>
/// The spam wave's listed clients, all running at once: opened at most
/// <see cref="SpamWaveOptions.OpenParallel"/> connects at a time, each on its own source address, and
/// held until the wave is disposed, which closes every connection.
/// </summary>
internal sealed class ListedWave : IAsyncDisposable
{
    private static readonly TimeSpan s_pollEvery = TimeSpan.FromMilliseconds(250);

    private readonly ListedClient[] _clients;
    private readonly CancellationTokenSource _hold = new();
    private readonly SemaphoreSlim _connectSlots;
    private readonly TaskCompletionSource _allSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;
    private int _unsettled;

    private ListedWave(SpamWaveOptions options)
    {
        _clients = new ListedClient[options.Connections];
        for (int i = 0; i < _clients.Length; i++)
        {
            _clients[i] = new ListedClient();
        }

        _unsettled = _clients.Length;
        _connectSlots = new SemaphoreSlim(options.OpenParallel);
    }

    public static ListedWave Start(SpamWaveOptions options)
    {
        var wave = new ListedWave(options);
        wave._running = Task.WhenAll(wave._clients.Select(
            client => client.RunAsync(options, options.Sources.Next(), wave._connectSlots, wave.Settled, wave._hold.Token)));
        return wave;
    }

    /// <summary>True once every client has sent RCPT or failed before it; false if that took longer than <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilAllAtRcptAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _allSettled.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Waits until no client is still reading its RCPT reply (each gives up after its own reply timeout), at most <paramref name="timeout"/>.</summary>
    public async Task WaitForRepliesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (_clients.Any(c => c.State == ListedClientState.AwaitingReply))
            {
                await Task.Delay(s_pollEvery, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Some replies are still coming: the counts say how many.
        }
    }

    public ListedWaveCounts Count() => ListedWaveCounts.Of(_clients);

    public async ValueTask DisposeAsync()
    {
        await _hold.CancelAsync();
        // Every client ends on the cancellation by itself; anything else surfacing here is a bug in the client.
        await _running;
        foreach (ListedClient client in _clients)
        {
            client.Dispose();
        }

        _hold.Dispose();
        _connectSlots.Dispose();
    }

    private void Settled()
    {
        if (Interlocked.Decrement(ref _unsettled) == 0)
        {
            _allSettled.TrySetResult();
        }
    }
}
