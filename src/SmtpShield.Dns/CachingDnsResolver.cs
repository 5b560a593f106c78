namespace SmtpShield.Dns;

/// <summary>
/// Wraps any <see cref="IDnsResolver"/> with a TTL cache (<see cref="DnsCache"/>) and coalescing: while a
/// question is in flight, every caller asking the same question (name case-insensitively, type) waits for
/// that one upstream query (shared/ARCHITECTURE.md decision 3: a spam wave from one address costs one query).
/// </summary>
public sealed class CachingDnsResolver : IDnsResolver
{
    private readonly IDnsResolver _inner;
    private readonly TimeProvider _timeProvider;
    private readonly DnsCache _cache;
    private readonly Dictionary<DnsCacheKey, Task<DnsResult>> _inFlight = [];

    // One lock over cache and in-flight table, so that a question is always either cached, in flight, or
    // neither: a caller can never miss both while the answer moves from one to the other.
    private readonly Lock _lock = new();

    public CachingDnsResolver(IDnsResolver inner, DnsResolverOptions options)
        : this(inner, options, TimeProvider.System)
    {
    }

    public CachingDnsResolver(IDnsResolver inner, DnsResolverOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        _inner = inner;
        _timeProvider = timeProvider;
        _cache = new DnsCache(options);
    }

    /// <summary>Answers held in the cache now, expired ones not yet evicted included.</summary>
    public int CachedCount
    {
        get
        {
            lock (_lock)
            {
                return _cache.Count;
            }
        }
    }

    /// <summary>
    /// Answers from the cache, or joins the query in flight for the same question, or starts one. Cancelling
    /// <paramref name="cancellationToken"/> stops this caller's wait only; the shared query goes on for the others.
    /// </summary>
    public ValueTask<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();

        var key = DnsCacheKey.For(name, type);
        TaskCompletionSource<DnsResult>? started = null;
        Task<DnsResult>? shared;
        lock (_lock)
        {
            if (_cache.TryGet(key, _timeProvider.GetUtcNow(), out DnsResult cached))
            {
                return ValueTask.FromResult(cached);
            }

            if (!_inFlight.TryGetValue(key, out shared))
            {
                started = new TaskCompletionSource<DnsResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                shared = started.Task;
                _inFlight.Add(key, shared);
            }
        }

        if (started is not null)
        {
            _ = RunSharedQueryAsync(key, name, type, started);
        }

        return shared.IsCompleted ? new ValueTask<DnsResult>(shared) : new ValueTask<DnsResult>(shared.WaitAsync(cancellationToken));
    }

    private async Task RunSharedQueryAsync(DnsCacheKey key, string name, DnsRecordType type, TaskCompletionSource<DnsResult> completion)
    {
        DnsResult result;
        try
        {
            // No caller's token: the query belongs to every waiter, and it ends on its own within the inner
            // resolver's timeouts. Its answer is cached even if every waiter has gone.
            result = await _inner.QueryAsync(name, type, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in the inner resolver (DNS outcomes are values): every waiter sees it, nothing is cached.
            lock (_lock)
            {
                _inFlight.Remove(key);
            }

            completion.SetException(e);
            return;
        }

        lock (_lock)
        {
            _cache.Set(key, result, _timeProvider.GetUtcNow());
            _inFlight.Remove(key);
        }

        completion.SetResult(result);
    }
}
