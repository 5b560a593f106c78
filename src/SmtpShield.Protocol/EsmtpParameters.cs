namespace SmtpShield.Protocol;

/// <summary>
/// The ESMTP parameters of MAIL and RCPT that SmtpShield understands, parsed and kept for replay to the
/// backend: SIZE (RFC 1870), BODY (RFC 6152, RFC 3030), SMTPUTF8 (RFC 6531), RET, ENVID, NOTIFY and
/// ORCPT (RFC 3461). Values are views into the command line.
/// </summary>
public readonly struct EsmtpParameters
{
    /// <summary>The whole parameter text as the client sent it, for verbatim replay.</summary>
    public ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>SIZE=n, or -1 when absent.</summary>
    public long Size { get; init; }

    public BodyType Body { get; init; }

    public bool SmtpUtf8 { get; init; }

    public DsnReturn Return { get; init; }

    /// <summary>ENVID's xtext value, undecoded.</summary>
    public ReadOnlyMemory<byte> EnvelopeId { get; init; }

    public DsnNotify Notify { get; init; }

    /// <summary>ORCPT's value (<c>addr-type;xtext</c>), undecoded.</summary>
    public ReadOnlyMemory<byte> OriginalRecipient { get; init; }

    public static EsmtpParameters None => new() { Size = -1 };
}

public enum BodyType : byte
{
    NotGiven,
    SevenBit,
    EightBitMime,
    BinaryMime,
}

public enum DsnReturn : byte
{
    NotGiven,
    Full,
    Headers,
}

[Flags]
public enum DsnNotify : byte
{
    NotGiven = 0,
    Never = 1,
    Success = 2,
    Failure = 4,
    Delay = 8,
}
