using SmtpShield.Verdicts;

namespace SmtpShield.Checks.ReverseDns;

/// <summary>
/// Reverse DNS scoring ("ReverseDns" section). Scores, not rejections: plenty of legitimate small
/// servers have imperfect reverse DNS, but zombies almost always do.
/// </summary>
internal sealed class ReverseDnsOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>No PTR record at all.</summary>
    public double MissingScore { get; set; } = 1;

    /// <summary>PTR names exist but none resolves back to the client.</summary>
    public double UnconfirmedScore { get; set; } = 0.5;

    /// <summary>The name looks like a dynamic/consumer address (matches one of <see cref="GenericPatterns"/>).</summary>
    public double GenericNameScore { get; set; } = 1;

    /// <summary>
    /// Regular expressions (case-insensitive) for generic names: addresses spelled out in the name, and
    /// the words ISPs use for dynamic pools.
    /// </summary>
    public List<string> GenericPatterns { get; } = [];

    public CheckAction Action { get; set; } = CheckAction.Enforce;

    /// <summary>The defaults of <see cref="GenericPatterns"/>, written in config/smtpshield.json.</summary>
    public static readonly string[] DefaultGenericPatterns =
    [
        @"\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3}",
        @"(^|[.-])(dyn|dynamic|dhcp|pool|ppp|pppoe|dsl|adsl|xdsl|cable|dialup|dial|broadband|cust|customer|client|user|host)[0-9.-]",
    ];
}
