using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace SmtpShield.Listener;

/// <summary>
/// The buffers Kestrel's sockets read into and write from, taken from <see cref="ArrayPool{T}.Shared"/>
/// instead of Kestrel's own pinned-block pool. Kestrel's pool keeps every block it ever lent: after a
/// wave's connect burst it held 4,180 to 11,800 blocks of 4 KiB for 14,250 connections that needed none
/// while they sat in the tarpit. The shared array pool keeps a few arrays per core and leaves the rest to
/// the GC, which the memory trimmer then gives back.
/// </summary>
internal sealed class SharedMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => MemoryPool<byte>.Shared;
}
