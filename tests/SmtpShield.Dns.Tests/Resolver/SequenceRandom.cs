using System.Security.Cryptography;

namespace SmtpShield.Dns.Tests.Resolver;

/// <summary>A "random" source that hands out the given 16-bit values in turn, to show where ids come from.</summary>
internal sealed class SequenceRandom(params ushort[] values) : RandomNumberGenerator
{
    private int _next;

    public override void GetBytes(byte[] data) => GetBytes(data.AsSpan());

    public override void GetBytes(Span<byte> data)
    {
        ushort value = values[_next++ % values.Length];
        data[0] = (byte)(value >> 8);
        data[1] = (byte)value;
    }
}
