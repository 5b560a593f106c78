namespace SmtpShield.Protocol;

/// <summary>An RFC 3463 enhanced status code, class.subject.detail (e.g. 5.7.1).</summary>
public readonly record struct EnhancedStatusCode(byte Class, ushort Subject, ushort Detail)
{
    public override string ToString() => $"{Class}.{Subject}.{Detail}";
}
