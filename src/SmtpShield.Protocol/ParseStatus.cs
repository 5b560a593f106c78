namespace SmtpShield.Protocol;

/// <summary>What <see cref="SmtpCommandReader.TryRead"/> found in the buffer.</summary>
public enum ParseStatus : byte
{
    /// <summary>No complete line yet; the caller keeps the unconsumed bytes and reads more.</summary>
    NeedMoreData,

    /// <summary>A well-formed command.</summary>
    Complete,

    /// <summary>A complete line that is not a well-formed command; <see cref="SmtpCommand.Error"/> says why.</summary>
    SyntaxError,

    /// <summary>A line longer than the limit was discarded up to and including its LF.</summary>
    LineTooLong,
}
