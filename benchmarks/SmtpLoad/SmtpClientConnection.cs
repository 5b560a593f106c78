using System.Net;
using System.Net.Sockets;

namespace SmtpLoad;

/// <summary>
/// The client end of one SMTP connection: bind a source address, connect, send commands, read replies
/// (RFC 5321 §4.2: "ddd-text" continues a reply, "ddd text" or "ddd" ends it). Only the reply code is kept.
/// </summary>
internal sealed class SmtpClientConnection : IDisposable
{
    // Linux IP_BIND_ADDRESS_NO_PORT (include/uapi/linux/in.h): choose the source port at connect(), by
    // the full 4-tuple, instead of reserving one per address at bind().
    private const int SolIp = 0;
    private const int IpBindAddressNoPort = 24;

    // Longer than any reply this client expects (the EHLO reply is about 200 bytes).
    private const int BufferSize = 2048;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    private SmtpClientConnection(Socket socket) => _socket = socket;

    public Socket Socket => _socket;

    public static async Task<SmtpClientConnection> ConnectAsync(IPEndPoint server, IPAddress source, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SolIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server, cancellationToken);
            return new SmtpClientConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        while (!command.IsEmpty)
        {
            int sent = await _socket.SendAsync(command, SocketFlags.None, cancellationToken);
            command = command[sent..];
        }
    }

    /// <summary>Reads one complete (possibly multi-line) reply and returns its code.</summary>
    public async ValueTask<int> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTakeReply(out int code))
            {
                return code;
            }

            if (_end == _buffer.Length)
            {
                Compact();
                if (_end == _buffer.Length)
                {
                    throw new SmtpLoadException("reply line too long");
                }
            }

            int received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                throw new SmtpLoadException("server closed the connection");
            }

            _end += received;
        }
    }

    /// <summary>True when the server has sent something or closed: a silent held connection is not readable.</summary>
    public bool HasInputOrClosed() => _start < _end || _socket.Poll(0, SelectMode.SelectRead);

    public void Dispose() => _socket.Dispose();

    private bool TryTakeReply(out int code)
    {
        while (true)
        {
            ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _end - _start);
            int lineFeed = pending.IndexOf((byte)'\n');
            if (lineFeed < 0)
            {
                code = 0;
                return false;
            }

            ReadOnlySpan<byte> line = pending[..lineFeed];
            _start += lineFeed + 1;
            if (line.Length < 3 || !IsDigit(line[0]) || !IsDigit(line[1]) || !IsDigit(line[2]))
            {
                throw new SmtpLoadException("malformed reply");
            }

            if (line.Length > 3 && line[3] == (byte)'-')
            {
                continue;
            }

            code = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
            return true;
        }
    }

    private void Compact()
    {
        int pending = _end - _start;
        _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        _start = 0;
        _end = pending;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
