using System.Net;
using System.Net.Sockets;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Tests.Servers;

/// <summary>
/// A tiny UDP responder that answers each query with a script of datagrams. Real servers cannot be made to
/// send wrong transaction ids, answers to other questions, packets from other sources or garbage, so the
/// spoofing tests use this; everything else talks to dnsmasq.
/// </summary>
internal sealed class ScriptedUdpServer : IDisposable
{
    private readonly Socket _socket;
    private readonly Socket _otherPort;
    private readonly Socket _otherAddress;
    private readonly Func<ReceivedQuery, IEnumerable<ScriptedReply>> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ReceivedQuery> _queries = [];
    private readonly Lock _queriesLock = new();
    private readonly Task _loop;

    public ScriptedUdpServer(Func<ReceivedQuery, IEnumerable<ScriptedReply>> script)
    {
        _script = script;
        IPAddress address = Loopback.RandomAddress();
        _socket = Bind(new IPEndPoint(address, 0));
        _otherPort = Bind(new IPEndPoint(address, 0));
        _otherAddress = Bind(new IPEndPoint(Loopback.RandomAddress(), EndPoint.Port));
        _loop = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public string Server => EndPoint.ToString();

    public IReadOnlyList<ReceivedQuery> Queries
    {
        get
        {
            lock (_queriesLock)
            {
                return [.. _queries];
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _otherPort.Dispose();
        _otherAddress.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket.
        }

        _stop.Dispose();
    }

    private static Socket Bind(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(endPoint);
        return socket;
    }

    private async Task ServeAsync()
    {
        byte[] buffer = new byte[DnsLimits.MaxMessageLength];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            DnsMessageDecoder.Decode(buffer.AsSpan(0, received.ReceivedBytes), out DnsMessage message);
            var query = new ReceivedQuery(message.Header.Id, message.Question!.Value, (IPEndPoint)received.RemoteEndPoint);
            lock (_queriesLock)
            {
                _queries.Add(query);
            }

            foreach (ScriptedReply reply in _script(query))
            {
                if (reply.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(reply.Delay);
                }

                Socket from = reply.From switch
                {
                    ReplySource.OtherPort => _otherPort,
                    ReplySource.OtherAddress => _otherAddress,
                    _ => _socket,
                };
                await from.SendToAsync(reply.Bytes, SocketFlags.None, query.Client);
            }
        }
    }
}

internal sealed record ReceivedQuery(ushort Id, DnsQuestion Question, IPEndPoint Client)
{
    /// <summary>A well-formed response to this query, to build on.</summary>
    public DnsResponseBuilder Respond() => new(Id, Question.Name, Question.Type);
}

internal enum ReplySource
{
    Server,
    OtherPort,
    OtherAddress,
}

internal sealed record ScriptedReply(byte[] Bytes, ReplySource From = ReplySource.Server)
{
    /// <summary>How long to wait before sending, e.g. to keep a question in flight.</summary>
    public TimeSpan Delay { get; init; }
}
