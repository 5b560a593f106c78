using SmtpShield.Verdicts;

namespace SmtpShield.Checks.Helo;

/// <summary>EHLO/HELO name scoring ("Helo" section): each finding adds its score; none rejects alone by default.</summary>
internal sealed class HeloOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Not a domain or address literal at all (underscores, junk).</summary>
    public double InvalidScore { get; set; } = 1;

    /// <summary>A bare IP address without brackets (RFC 5321 §4.1.3 requires an address literal).</summary>
    public double BareAddressScore { get; set; } = 1;

    /// <summary>A name without a dot ("localhost", "user-pc"): RFC 5321 §4.1.1.1 asks for an FQDN.</summary>
    public double SingleLabelScore { get; set; } = 0.5;

    /// <summary>An address literal that is not the client's address.</summary>
    public double LiteralMismatchScore { get; set; } = 1;

    /// <summary>Our own host name or address: a classic forgery by bots.</summary>
    public double OwnNameScore { get; set; } = 2;

    /// <summary>A valid name that differs from the client's forward-confirmed reverse name (common and mostly harmless).</summary>
    public double ReverseDnsMismatchScore { get; set; } = 0.25;

    public CheckAction Action { get; set; } = CheckAction.Enforce;
}
