namespace SmtpShield.Tarpit;

/// <summary>
/// The "Tarpit" section: how much slower distrusted clients are answered. Every delay stays well below
/// RFC 5321 §4.5.3.2's client timeouts (5 minutes for a RCPT reply), so a real MTA that gets here by
/// mistake is slowed, never timed out.
/// </summary>
internal sealed class TarpitOptions
{
    /// <summary>A Tarpit verdict (suspicious, not bad enough to refuse): the RCPT reply waits this long, then the session is relayed.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A rejection at RCPT TO is written a byte at a time (spamd's stutter), occupying the bot instead of our backend.</summary>
    public bool StutterRejects { get; set; } = true;

    /// <summary>Between two bytes of a stuttered reply (spamd: 1 s).</summary>
    public TimeSpan StutterInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a reply stutters; the rest then goes at once (spamd's -S).</summary>
    public TimeSpan MaxStutter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this many protocol errors each reply waits longer (Postfix smtpd_soft_error_limit); 0: never.</summary>
    public int ErrorDelayAfter { get; set; } = 3;

    /// <summary>What each error beyond ErrorDelayAfter adds to the wait (Postfix smtpd_error_sleep_time, 1 s).</summary>
    public TimeSpan ErrorDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most one error reply waits; Limits:MaxErrors ends the session with 421 in any case.</summary>
    public TimeSpan MaxErrorDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sessions slowed at once; beyond this a refused client is answered at once and closed.</summary>
    public int MaxTarpitted { get; set; } = 5000;
}
