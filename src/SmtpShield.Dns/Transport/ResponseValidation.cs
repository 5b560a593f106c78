using System.Net;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Transport;

/// <summary>
/// Whether a received message is the response to the exchange's query (RFC 5452 §9.1): from the server's
/// address and port, a response (QR set, opcode QUERY), with our transaction id, and the same question,
/// the name compared case-insensitively. Anything else may be a spoofing attempt and is ignored, not failed.
/// </summary>
internal static class ResponseValidation
{
    public static DnsExchangeResult? Check(ReadOnlySpan<byte> datagram, EndPoint? source, DnsExchange exchange)
    {
        if (source is not IPEndPoint from || !from.Equals(exchange.Server))
        {
            return null;
        }

        DnsDecodeStatus status = DnsMessageDecoder.Decode(datagram, out DnsMessage message);
        if (!IsResponseTo(message, exchange))
        {
            return null;
        }

        return status != DnsDecodeStatus.Complete ? new DnsExchangeResult(DnsExchangeStatus.Malformed)
            : message.Header.IsTruncated ? new DnsExchangeResult(DnsExchangeStatus.Truncated)
            : new DnsExchangeResult(DnsExchangeStatus.Response, message);
    }

    public static bool IsResponseTo(DnsMessage message, DnsExchange exchange) =>
        message.Question is DnsQuestion question
        && message.Header.IsResponse
        && message.Header.Opcode == 0
        && message.Header.Id == exchange.Id
        && question.Matches(exchange.Question);
}
