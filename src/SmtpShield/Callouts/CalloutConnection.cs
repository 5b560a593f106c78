using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpShield.Protocol;
using SmtpShield.Relay;

namespace SmtpShield.Callouts;

/// <summary>One callout's TCP connection to a sender's mail server: send a line, read a reply, each within a limit.</summary>
internal sealed class CalloutConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;

    private CalloutConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
    }

    /// <summary>Connects within <paramref name="timeout"/>; a <see cref="TimeoutException"/> past it.</summary>
    public static async Task<CalloutConnection> ConnectAsync(IPEndPoint endpoint, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            await socket.ConnectAsync(endpoint, linked.Token);
            return new CalloutConnection(socket);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no connection within {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="line"/> (unless null: the banner) and reads the reply within <paramref name="timeout"/>:
    /// a <see cref="TimeoutException"/> past it, an <see cref="IOException"/> when the server closed first,
    /// an <see cref="InvalidDataException"/> when it does not speak SMTP.
    /// </summary>
    public async Task<ParsedReply> CommandAsync(string? line, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            if (line is not null)
            {
                await _stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), linked.Token);
            }

            return await SmtpReplyReading.ReadAsync(_input, linked.Token) ?? throw new IOException("the server closed the connection");
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no reply {(line is null ? "greeting" : "to " + Verb(line))} within {timeout.TotalSeconds:0.#} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync();
        await _stream.DisposeAsync();
    }

    private static string Verb(string line) => line.Split(' ', 2)[0];
}
