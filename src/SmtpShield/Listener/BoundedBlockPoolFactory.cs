using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace SmtpShield.Listener;

/// <summary>
/// Gives the SMTP listener and every Kestrel listener (the admin API) the same <see cref="BoundedBlockPool"/>,
/// so the bound holds for the process and not per listening address. A listener that stops disposes the
/// pool, which only drops the blocks kept for reuse; the others go on renting from it.
/// </summary>
internal sealed class BoundedBlockPoolFactory : IMemoryPoolFactory<byte>, IDisposable
{
    /// <summary>
    /// 1,024 blocks (4 MiB) cover the buffers a few hundred busy relayed sessions have in flight at
    /// once; a burst beyond that allocates, and the GC takes the surplus back afterwards.
    /// </summary>
    public const int BlocksKept = 1024;

    private readonly BoundedBlockPool _pool = new(BlocksKept);

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => _pool;

    public void Dispose() => _pool.Dispose();
}
