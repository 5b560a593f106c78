using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using SmtpShield.Protocol;

namespace SmtpShield.Relay;

/// <summary>
/// One connection to a backend MTA: a socket exposed as pipes, with the few client-side SMTP operations
/// the handoff needs (read a reply, send a line, STARTTLS). After the handoff the splice uses the pipes.
/// </summary>
internal sealed class BackendConnection : IDuplexPipe, IAsyncDisposable
{
    private readonly Socket _socket;
    private Stream _stream;
    private int _closed;

    private BackendConnection(BackendTarget target, Socket socket)
    {
        Target = target;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        (Input, Output) = PipesOver(_stream);
    }

    public BackendTarget Target { get; }

    public PipeReader Input { get; private set; }

    public PipeWriter Output { get; private set; }

    /// <summary>The local end SmtpShield connected from (what a backend without an identity mode sees).</summary>
    public EndPoint? LocalEndPoint => _socket.LocalEndPoint;

    public bool IsTls => _stream is SslStream;

    /// <summary>Connects from the target's source address, if one is set; the caller bounds the time.</summary>
    public static async Task<BackendConnection> ConnectAsync(BackendTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        Socket socket = target.EndPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(target.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (target.SourceAddress is { } source)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(target.EndPoint, cancellationToken);
            return new BackendConnection(target, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads one whole reply; anything that is not SMTP, or the end of the stream, is a <see cref="BackendException"/>.</summary>
    public async ValueTask<ParsedReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        ParsedReply? reply;
        try
        {
            reply = await SmtpReplyReading.ReadAsync(Input, cancellationToken);
        }
        catch (InvalidDataException)
        {
            throw new BackendException("the backend's reply is not SMTP");
        }

        return reply ?? throw new BackendException("the backend closed the connection");
    }

    public ValueTask<FlushResult> SendAsync(string line, CancellationToken cancellationToken) =>
        SendAsync(Encoding.UTF8.GetBytes(line), cancellationToken);

    public ValueTask<FlushResult> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        Output.WriteAsync(bytes, cancellationToken);

    /// <summary>After the backend's 220 to STARTTLS: TLS from here on, nothing buffered from before survives.</summary>
    public async Task UpgradeToTlsAsync(string host, bool verifyCertificate, CancellationToken cancellationToken)
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        _stream = tls;
        (Input, Output) = PipesOver(tls);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = host,
                // Off by default: a loopback backend's certificate is usually self-signed (Relay:Backends:N:VerifyCertificate).
#pragma warning disable CA5359
                RemoteCertificateValidationCallback = verifyCertificate ? null : (_, _, _, _) => true,
#pragma warning restore CA5359
            },
            cancellationToken);
    }

    /// <summary>Half-close: the client sent its last byte, so the backend sees end of stream too.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Resets the connection (no FIN, no QUIT): a backend in the middle of DATA sees the transaction
    /// break and keeps nothing, so a message the client never finished is never delivered.
    /// </summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Input.CompleteAsync();
            await Output.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Completing flushes nothing more; the peer may be gone.
        }

        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            await _stream.DisposeAsync();
            _socket.Dispose();
        }
    }

    // No zero-byte reads here, unlike the client side: a backend connection exists only while a session
    // is being relayed, when data flows, and the extra empty read per receive was ~6 syscalls a session.
    private static (PipeReader Input, PipeWriter Output) PipesOver(Stream stream) => (
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: false)),
        PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
}
