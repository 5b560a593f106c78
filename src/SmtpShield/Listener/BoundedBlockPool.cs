using System.Buffers;
using System.Collections.Concurrent;

namespace SmtpShield.Listener;

/// <summary>
/// The 4 KiB blocks the SMTP connections read into and write from (and Kestrel's, for the admin API), keeping at most <see cref="Capacity"/>
/// returned blocks for reuse and leaving the rest to the GC.
/// </summary>
/// <remarks>
/// Kestrel's own pool keeps every block it ever lent and gives back about 1 % every 10 s while it is
/// busy: after a wave's connect burst it held one block per connection (58 MB for 14,250) while the
/// wave sat silent in the tarpit and needed none. The shared array pool was tried too: it keeps a few
/// arrays per core, so a stutter that writes from one thread and returns on another borrowed a fresh
/// array for every byte. One shared queue serves either way round, and the bound caps what a burst
/// leaves behind. Blocks are plain arrays, not pinned: the sockets on Linux pin only for the system
/// call, and unpinned arrays let the compacting GC (the memory trimmer) close the gaps a wave leaves.
/// </remarks>
internal sealed class BoundedBlockPool : MemoryPool<byte>
{
    public const int BlockSize = 4096;


    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;

    public BoundedBlockPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>The most returned blocks kept for reuse.</summary>
    public int Capacity { get; }

    /// <summary>Returned blocks waiting for reuse.</summary>
    public int FreeCount => Volatile.Read(ref _freeCount);

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out Block? block))
        {
            Interlocked.Decrement(ref _freeCount);
            block.Lease();
            return block;
        }
        return new Block(this);
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _freeCount) > Capacity)
        {
            Interlocked.Decrement(ref _freeCount);
            return;
        }
        _free.Enqueue(block);
    }

    protected override void Dispose(bool disposing)
    {
        while (_free.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly BoundedBlockPool _pool;
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize);
        private int _leased = 1;

        public Block(BoundedBlockPool pool) => _pool = pool;

        public Memory<byte> Memory => _array;

        public void Lease() => Volatile.Write(ref _leased, 1);

        public void Dispose()
        {
            // A pipe disposes each block once. A second Dispose before the block is lent again is ignored,
            // so the free queue never holds it twice; one after it was lent again cannot be told apart.
            if (Interlocked.Exchange(ref _leased, 0) == 1)
            {
                _pool.Return(this);
            }
        }
    }
}
