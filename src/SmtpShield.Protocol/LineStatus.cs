namespace SmtpShield.Protocol;

/// <summary>What <see cref="SmtpLineReader.TryReadLine"/> found.</summary>
public enum LineStatus : byte
{
    NeedMoreData,
    Line,
    LineTooLong,
}
