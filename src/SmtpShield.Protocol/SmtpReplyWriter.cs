using System.Buffers;

namespace SmtpShield.Protocol;

/// <summary>Copies encoded replies into an output buffer; the session flushes once per read (RFC 2920).</summary>
public static class SmtpReplyWriter
{
    public static void Write(IBufferWriter<byte> output, SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(reply);
        output.Write(reply.Wire.Span);
    }
}
