using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Transport;

/// <summary>
/// Sends one query over TCP, each message behind a two-octet length (RFC 1035 §4.2.2), after a UDP response
/// came back truncated (RFC 7766 §5). The connection is ours alone, so a reply that is not the response to our
/// query means a broken server: Malformed.
/// </summary>
internal static class TcpTransport
{
    private const int LengthPrefix = 2;

    public static async ValueTask<DnsExchangeResult> ExchangeAsync(DnsExchange exchange, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var socket = new Socket(exchange.Server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(exchange.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(LengthPrefix + DnsLimits.MaxMessageLength);
        try
        {
            await socket.ConnectAsync(exchange.Server, linked.Token);

            // RFC 7766 §8: length and message in one write, so they leave in one segment.
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)exchange.Query.Length);
            exchange.Query.Span.CopyTo(buffer.AsSpan(LengthPrefix));
            await socket.SendAsync(buffer.AsMemory(0, LengthPrefix + exchange.Query.Length), SocketFlags.None, linked.Token);

            if (!await ReceiveExactlyAsync(socket, buffer.AsMemory(0, LengthPrefix), linked.Token))
            {
                return new DnsExchangeResult(DnsExchangeStatus.NetworkError);
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
            if (!await ReceiveExactlyAsync(socket, buffer.AsMemory(0, length), linked.Token))
            {
                return new DnsExchangeResult(DnsExchangeStatus.NetworkError);
            }

            DnsDecodeStatus status = DnsMessageDecoder.Decode(buffer.AsSpan(0, length), out DnsMessage message);
            return status == DnsDecodeStatus.Complete && ResponseValidation.IsResponseTo(message, exchange) && !message.Header.IsTruncated
                ? new DnsExchangeResult(DnsExchangeStatus.Response, message)
                : new DnsExchangeResult(DnsExchangeStatus.Malformed);
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

    private static async ValueTask<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int read = 0;
        while (read < destination.Length)
        {
            int received = await socket.ReceiveAsync(destination[read..], SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                return false;
            }

            read += received;
        }

        return true;
    }
}
