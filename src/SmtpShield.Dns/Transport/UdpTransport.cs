using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Transport;

/// <summary>
/// Sends one query over UDP and waits, until the exchange's timeout, for the datagram that answers it
/// (RFC 1035 §4.2.1). Datagrams that are not a response to this query are ignored, not failed.
/// </summary>
internal static class UdpTransport
{
    public static async ValueTask<DnsExchangeResult> ExchangeAsync(DnsExchange exchange, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        IPEndPoint server = exchange.Server;
        IPAddress any = server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var timeout = new CancellationTokenSource(exchange.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        // RFC 1035 §4.2.1 allows a datagram of up to 65535 octets; a server should keep within the 1232 we
        // advertise, but a larger one is still the answer.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DnsLimits.MaxMessageLength);
        try
        {
            // RFC 5452 §9.2: an unpredictable source port per query. A new socket bound to port 0 gets one
            // from the kernel's randomized ephemeral range.
            socket.Bind(new IPEndPoint(any, 0));

            // Connecting lets the kernel drop datagrams from other sources and report ICMP port unreachable,
            // so a server that is down fails at once instead of at the timeout; the source is checked again below.
            await socket.ConnectAsync(server, linked.Token);
            await socket.SendAsync(exchange.Query, SocketFlags.None, linked.Token);
            while (true)
            {
                SocketReceiveFromResult received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(any, 0), linked.Token);
                DnsExchangeResult? result = ResponseValidation.Check(buffer.AsSpan(0, received.ReceivedBytes), received.RemoteEndPoint, exchange);
                if (result is not null)
                {
                    return result.Value;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DnsExchangeResult(DnsExchangeStatus.Timeout);
        }
        catch (SocketException)
        {
            return new DnsExchangeResult(DnsExchangeStatus.NetworkError);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
