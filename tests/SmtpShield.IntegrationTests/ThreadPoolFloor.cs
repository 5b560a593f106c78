namespace SmtpShield.IntegrationTests;

/// <summary>
/// Raises the thread pool's minimum worker count for a while (restored on dispose), so that many
/// handlers can block side by side without waiting for the pool's slow thread injection.
/// </summary>
internal sealed class ThreadPoolFloor : IDisposable
{
    private readonly int _workers;
    private readonly int _io;

    public ThreadPoolFloor(int workers)
    {
        ThreadPool.GetMinThreads(out _workers, out _io);
        ThreadPool.SetMinThreads(Math.Max(workers, _workers), _io);
    }

    public void Dispose() => ThreadPool.SetMinThreads(_workers, _io);
}
