using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Hosting;

namespace SmtpShield.Listener;

/// <summary>
/// The SMTP listeners: binds Listeners[*], accepts, and runs each connection through
/// <see cref="SmtpConnectionHandler"/> over a <see cref="SocketSmtpConnection"/>. Kestrel serves only the
/// admin HTTP endpoint: its transport cost 2.7 KB per held connection (two pipes, a receive loop, its
/// connection bookkeeping), more than the whole target for an idle client (benchmarks/README.md).
/// On stop: no more accepts, then up to ShutdownTimeout for the sessions (told 421 by
/// <see cref="GracefulShutdown"/>) to end; the rest are aborted.
/// </summary>
internal sealed partial class SmtpSocketListener(
    IOptions<ListenersOptions> listeners,
    SmtpConnectionHandler handler,
    IMemoryPoolFactory<byte> pools,
    ListenerEndpoints endpoints,
    ILogger<SmtpSocketListener> logger) : IHostedService, IDisposable
{
    // The kernel caps it at net.core.somaxconn (4096 on Debian 12): a wave's connects queue there, not in SYN retries.
    private const int Backlog = 4096;
    private static readonly TimeSpan s_abortGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_acceptRetry = TimeSpan.FromMilliseconds(100);

    private readonly List<Socket> _listening = [];
    private readonly List<Task> _accepting = [];
    private readonly LiveConnections _live = new();
    private readonly CancellationTokenSource _aborted = new();
    private PipeOptionsForSockets? _pipes;

    public int Connections => _live.Count;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _pipes = new PipeOptionsForSockets(pools.Create());
        foreach (ListenerOptions listener in listeners.Value.Items)
        {
            Socket socket = Bind(EndpointText.Parse(listener.Endpoint));
            _listening.Add(socket);
            endpoints.AddSmtp((IPEndPoint)socket.LocalEndPoint!);
        }

        foreach (Socket socket in _listening)
        {
            _accepting.Add(AcceptLoopAsync(socket));
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        CloseListeningSockets();
        await Task.WhenAll(_accepting);
        try
        {
            await _live.WhenEmptyAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogAborting(_live.Count);
            await _aborted.CancelAsync();
            _live.AbortAll();
            try
            {
                await _live.WhenEmptyAsync().WaitAsync(s_abortGrace, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                // Left to the process exit.
            }
        }
    }

    public void Dispose()
    {
        CloseListeningSockets();
        _aborted.Dispose();
    }

    private Socket Bind(IPEndPoint endpoint)
    {
        if (endpoint.Address.Equals(IPAddress.IPv6Any) && !Socket.OSSupportsIPv6)
        {
            // "*:25" on a host without IPv6: every IPv4 address, as Kestrel's ListenAnyIP falls back.
            endpoint = new IPEndPoint(IPAddress.Any, endpoint.Port);
        }

        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true; // "*:25": IPv4 clients too, as ::ffff:a.b.c.d
            }

            socket.Bind(endpoint);
            socket.Listen(Backlog);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            CloseListeningSockets();
            // The run command reports an IOException over a SocketException as "cannot listen: ...".
            throw new IOException($"Failed to bind to address {endpoint}: {e.Message}", e);
        }
    }

    private void CloseListeningSockets()
    {
        foreach (Socket socket in _listening)
        {
            socket.Dispose();
        }
    }

    private async Task AcceptLoopAsync(Socket listening)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listening.AcceptAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted })
            {
                return; // stopping
            }
            catch (SocketException e)
            {
                // Out of descriptors (a wave past the limit), or a client that reset before the accept:
                // the listener stays; a short pause keeps an exhausted process from spinning on it.
                LogAcceptFailed(listening.LocalEndPoint, e.SocketErrorCode);
                await Task.Delay(s_acceptRetry, CancellationToken.None);
                continue;
            }

            if (Open(accepted) is { } connection)
            {
                // Registered here, before the accept loop can see a stop: a stop never misses one.
                _live.Add(connection);
                ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Listener.RunAsync(state.Connection), (Listener: this, Connection: connection), preferLocal: false);
            }
        }
    }

    private SocketSmtpConnection? Open(Socket accepted)
    {
        try
        {
            accepted.NoDelay = true; // replies are small and each one is awaited: Nagle would delay them
            return new SocketSmtpConnection(accepted, _pipes!);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            accepted.Dispose(); // reset before it could be looked at
            return null;
        }
    }

    private async Task RunAsync(SocketSmtpConnection connection)
    {
        try
        {
            await handler.HandleAsync(connection, _aborted.Token);
        }
        catch (Exception e)
        {
            // The handler ends its own failures; this keeps a bug from taking the process down.
            LogConnectionFailed(connection.RemoteEndPoint, e);
        }
        finally
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception e)
            {
                LogConnectionFailed(connection.RemoteEndPoint, e);
            }
            finally
            {
                // Always: a connection left registered would make every stop wait out ShutdownTimeout.
                _live.Remove(connection);
            }
        }
    }

    [LoggerMessage(22, LogLevel.Warning, "SHUTDOWN aborting {Connections} connections still open after ShutdownTimeout")]
    private partial void LogAborting(int connections);

    [LoggerMessage(23, LogLevel.Warning, "accept on {Endpoint} failed: {Error}")]
    private partial void LogAcceptFailed(EndPoint? endpoint, SocketError error);

    [LoggerMessage(24, LogLevel.Error, "connection from {Client} failed")]
    private partial void LogConnectionFailed(IPEndPoint client, Exception exception);
}
