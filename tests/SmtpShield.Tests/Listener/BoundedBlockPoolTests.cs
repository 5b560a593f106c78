using System.Buffers;
using System.IO.Pipelines;
using SmtpShield.Listener;

namespace SmtpShield.Tests.Listener;

/// <summary>
/// The socket buffers' pool: returned blocks are lent again, at most Capacity are kept after a burst,
/// a block returned twice is kept once, and a pipe built on it gives its blocks back.
/// </summary>
public sealed class BoundedBlockPoolTests
{
    [Fact]
    public void ReturnedBlock_IsLentAgain()
    {
        using var pool = new BoundedBlockPool(capacity: 4);
        IMemoryOwner<byte> first = pool.Rent();
        Memory<byte> memory = first.Memory;
        first.Dispose();

        using IMemoryOwner<byte> second = pool.Rent();

        Assert.Same(first, second);
        Assert.True(memory.Span == second.Memory.Span);
        Assert.Equal(BoundedBlockPool.BlockSize, second.Memory.Length);
        Assert.Equal(0, pool.FreeCount);
    }

    [Fact]
    public void AfterABurst_OnlyCapacityBlocksAreKept()
    {
        using var pool = new BoundedBlockPool(capacity: 3);
        IMemoryOwner<byte>[] burst = [.. Enumerable.Range(0, 10).Select(_ => pool.Rent())];

        foreach (IMemoryOwner<byte> block in burst)
        {
            block.Dispose();
        }

        Assert.Equal(3, pool.FreeCount);
        IMemoryOwner<byte>[] again = [.. Enumerable.Range(0, 4).Select(_ => pool.Rent())];
        Assert.Equal(3, again.Count(burst.Contains));
        Assert.Equal(0, pool.FreeCount);
    }

    [Fact]
    public void BlockReturnedTwice_IsKeptOnce()
    {
        using var pool = new BoundedBlockPool(capacity: 4);
        IMemoryOwner<byte> block = pool.Rent();

        block.Dispose();
        block.Dispose();

        Assert.Equal(1, pool.FreeCount);
        using IMemoryOwner<byte> first = pool.Rent();
        using IMemoryOwner<byte> second = pool.Rent();
        Assert.NotSame(first, second);
    }

    [Fact]
    public void MoreThanABlock_IsRefused()
    {
        using var pool = new BoundedBlockPool(capacity: 4);

        Assert.Equal(BoundedBlockPool.BlockSize, pool.MaxBufferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BoundedBlockPool.BlockSize + 1));
    }

    [Fact]
    public async Task PipeOnThePool_GivesItsBlockBackOnceRead()
    {
        using var pool = new BoundedBlockPool(capacity: 4);
        var pipe = new Pipe(new PipeOptions(pool, minimumSegmentSize: BoundedBlockPool.BlockSize, useSynchronizationContext: false));

        for (int i = 0; i < 3; i++)
        {
            pipe.Writer.Write("5"u8);
            await pipe.Writer.FlushAsync();
            ReadResult read = await pipe.Reader.ReadAsync();
            pipe.Reader.AdvanceTo(read.Buffer.End);

            // One block serves every byte: lent for the write, back once the reader took it.
            Assert.Equal(1, pool.FreeCount);
        }
    }
}
