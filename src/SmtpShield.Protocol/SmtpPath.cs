namespace SmtpShield.Protocol;

/// <summary>
/// A reverse-path or forward-path from MAIL/RCPT (RFC 5321 §4.1.2) as a view into the command line:
/// the mailbox without angle brackets or source route. Valid only as long as the line it came from.
/// </summary>
public readonly struct SmtpPath
{
    public SmtpPath(ReadOnlyMemory<byte> mailbox, int atIndex, PathFlags flags)
    {
        Mailbox = mailbox;
        AtIndex = atIndex;
        Flags = flags;
    }

    /// <summary><c>local@domain</c>; empty for the null path <c>&lt;&gt;</c> and bare <c>&lt;Postmaster&gt;</c> holds "Postmaster".</summary>
    public ReadOnlyMemory<byte> Mailbox { get; }

    /// <summary>Index of the '@' separating local part and domain in <see cref="Mailbox"/>, or -1.</summary>
    public int AtIndex { get; }

    public PathFlags Flags { get; }

    public bool IsNull => (Flags & PathFlags.Null) != 0;

    public ReadOnlyMemory<byte> LocalPart => AtIndex < 0 ? Mailbox : Mailbox[..AtIndex];

    public ReadOnlyMemory<byte> Domain => AtIndex < 0 ? ReadOnlyMemory<byte>.Empty : Mailbox[(AtIndex + 1)..];
}

[Flags]
public enum PathFlags : byte
{
    None = 0,

    /// <summary>The null reverse-path <c>&lt;&gt;</c> (bounces).</summary>
    Null = 1,

    /// <summary>The special recipient <c>&lt;Postmaster&gt;</c> without a domain (RFC 5321 §4.1.1.3).</summary>
    Postmaster = 2,

    /// <summary>The local part is a quoted string.</summary>
    QuotedLocalPart = 4,

    /// <summary>The domain is an address literal such as <c>[192.0.2.1]</c>.</summary>
    AddressLiteral = 8,

    /// <summary>UTF-8 beyond ASCII: legal only with the SMTPUTF8 parameter (RFC 6531 §3.3).</summary>
    NonAscii = 16,

    /// <summary>A source route (<c>@a,@b:</c>) was present and dropped (RFC 5321 §4.1.2 says to ignore it).</summary>
    SourceRoute = 32,
}
