using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using SmtpShield.Sessions;

namespace SmtpShield.Listener;

/// <summary>
/// An accepted SMTP socket as the session's <see cref="ISmtpConnection"/>, holding as little as a socket
/// can while the client is silent: the pipes read only when the session reads, and then first with a
/// zero-byte receive, so an idle connection holds no buffer, no receive loop and no pipe of its own
/// (Kestrel's transport kept two <see cref="Pipe"/>s and a receive loop per connection: 2.7 KB of the 6.2
/// KB a held listed client cost; benchmarks/README.md "Idle hold").
/// </summary>
internal sealed class SocketSmtpConnection : ISmtpConnection, IDuplexPipe, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private int _closed;

    public SocketSmtpConnection(Socket socket, PipeOptionsForSockets options)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(options);
        _socket = socket;
        RemoteEndPoint = Normalize(socket.RemoteEndPoint);
        LocalEndPoint = Normalize(socket.LocalEndPoint);
        _stream = new NetworkStream(socket, ownsSocket: false);
        Input = PipeReader.Create(_stream, options.Reader);
        Output = PipeWriter.Create(_stream, options.Writer);
    }

    /// <summary>Links for <see cref="LiveConnections"/>: a list node of its own would cost an object per connection.</summary>
    internal SocketSmtpConnection? Previous { get; set; }

    internal SocketSmtpConnection? Next { get; set; }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public IDuplexPipe Transport => this;

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>Pending reads and writes fail with an <see cref="IOException"/>; nothing more is sent.</summary>
    public void Abort() => Close();

    /// <summary>
    /// After the session, which has flushed and completed the pipes itself (or failed): FIN and close, then
    /// the pipes give their buffers back. Nothing is flushed here: a write to a client that stopped
    /// reading would wait for ever, and what a failed session left unsent is not worth waiting for.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        try
        {
            await Output.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Bytes left unsent by a failed session meet the closed socket.
        }

        await Input.CompleteAsync();
    }

    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            // FIN first, as Kestrel does: the client reads every reply already sent before the close.
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Not connected any more.
        }

        _socket.Dispose();
    }

    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; everything downstream
    // (logs, DNSBL names, XCLIENT ADDR) wants the plain IPv4 form.
    private static IPEndPoint Normalize(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint ip => new IPEndPoint(ClientAddress.Normalize(ip.Address), ip.Port),
        _ => new IPEndPoint(IPAddress.None, 0),
    };
}

/// <summary>The pipe options every <see cref="SocketSmtpConnection"/> shares: one instance each, not one per connection.</summary>
internal sealed class PipeOptionsForSockets(MemoryPool<byte> pool)
{
    // A whole pool block per receive: a pipelined batch or a relayed message chunk fits one read.
    public StreamPipeReaderOptions Reader { get; } = new(pool, bufferSize: BoundedBlockPool.BlockSize, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true);

    public StreamPipeWriterOptions Writer { get; } = new(pool, minimumBufferSize: BoundedBlockPool.BlockSize, leaveOpen: true);
}
