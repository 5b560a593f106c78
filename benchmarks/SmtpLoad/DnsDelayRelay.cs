using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SmtpLoad;

/// <summary>
/// The dns-delay mode: a UDP relay in front of a DNS server that holds every query for a fixed time before
/// forwarding it, then passes the answer back from the address the client asked. It turns a server that
/// answers in microseconds into one whose answers stay in flight long enough for a whole wave of sessions to
/// arrive, so request coalescing can be seen apart from the cache. It forwards every datagram it gets
/// (it never merges or caches), so the upstream server's query log still counts what the client sent.
/// </summary>
internal static class DnsDelayRelay
{
    // RFC 1035 §4.2.1 / RFC 6891: a datagram may be up to 65535 octets.
    private const int MaxDatagram = 65_535;

    public static async Task<int> RunAsync(DnsDelayOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        using var listener = new Socket(options.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        listener.Bind(options.Listen);
        // run.sh reads the port from this line (the listen address may give port 0).
        output.WriteLine($"LISTEN udp {listener.LocalEndPoint}");
        output.Flush();

        // Stop on SIGTERM (how run.sh ends it) as on Ctrl-C, so the counts below are printed.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        cancellationToken = stop.Token;

        var counts = new RelayCounts();
        var buffer = new byte[MaxDatagram];
        IPAddress any = options.Listen.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        try
        {
            while (true)
            {
                SocketReceiveFromResult received = await listener.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(any, 0), cancellationToken);
                byte[] query = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
                Interlocked.Increment(ref counts.Received);
                _ = ForwardAsync(listener, query, received.RemoteEndPoint, options, counts, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM or Ctrl-C: the normal way to stop.
        }

        output.WriteLine($"relayed {counts.Received} queries: {counts.Answered} answered, {counts.Unanswered} without an answer");
        return 0;
    }

    private static async Task ForwardAsync(Socket listener, byte[] query, EndPoint client, DnsDelayOptions options, RelayCounts counts, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Delay, cancellationToken);
            using var upstream = new Socket(options.Upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            await upstream.ConnectAsync(options.Upstream, timeout.Token);
            await upstream.SendAsync(query, SocketFlags.None, timeout.Token);
            var answer = new byte[MaxDatagram];
            int length = await upstream.ReceiveAsync(answer, SocketFlags.None, timeout.Token);
            await listener.SendToAsync(answer.AsMemory(0, length), SocketFlags.None, client, cancellationToken);
            Interlocked.Increment(ref counts.Answered);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            Interlocked.Increment(ref counts.Unanswered);
        }
    }

    private sealed class RelayCounts
    {
        public long Received;
        public long Answered;
        public long Unanswered;
    }
}
