namespace SmtpShield.Callouts;

/// <summary>
/// The Callouts section: which senders are verified, what a failed verification does, and how the callout
/// talks to the sender's mail server. Off by default: callouts cost the callee a connection, and callers
/// that probe too much get listed (backscatterer.org).
/// </summary>
internal sealed class CalloutOptions
{
    public bool Enabled { get; set; }

    /// <summary>Sender domains verified: "example.org" (that domain), ".example.org" (its subdomains), "*" (every domain).</summary>
    public List<string> Domains { get; } = [];

    /// <summary>A sender the callee refused (5xx to RCPT TO) is rejected at RCPT with 550 5.1.7; false: only <see cref="Weight"/> counts.</summary>
    public bool Reject { get; set; } = true;

    /// <summary>What a refused sender adds to the session's score (postscreen-style weights, see Policy).</summary>
    public double Weight { get; set; } = 1;

    /// <summary>Callouts one session may cause (one per MAIL FROM): a client cannot make us probe a thousand addresses.</summary>
    public int MaxPerSession { get; set; } = 3;

    /// <summary>The reverse path of the probe: empty for MAIL FROM:&lt;&gt; (RFC 5321 §4.5.5), or an address of ours.</summary>
    public string ProbeSender { get; set; } = string.Empty;

    /// <summary>The name in the probe's EHLO; empty for the server's Hostname.</summary>
    public string HeloName { get; set; } = string.Empty;

    /// <summary>The SMTP port of the sender's mail servers (25; another only to test against a local server).</summary>
    public int Port { get; set; } = 25;

    /// <summary>TCP connect to one address of one mail server; past it the next is tried.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Each reply of the callee (banner, EHLO, MAIL, RCPT).</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The whole callout, DNS included: a callee that tarpits cannot hold the session longer. Below
    /// Policy:CheckTimeout (10 s), so a slow callee ends as Unknown, not as a check that timed out.
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Mail servers tried, most preferred first (RFC 5321 §5.1 asks for more than one).</summary>
    public int MaxHosts { get; set; } = 3;

    /// <summary>Addresses tried per mail server (a server with IPv4 and IPv6 has two).</summary>
    public int MaxAddressesPerHost { get; set; } = 2;

    /// <summary>
    /// After an accepted RCPT, one more for a random local part in the same connection: a domain that
    /// accepts that accepts everything, so one probe covers every sender of it for <see cref="CacheDomainFor"/>.
    /// </summary>
    public bool ProbeRandom { get; set; } = true;

    /// <summary>How long an accepted sender is remembered (Exim's positive callout cache: a day). 0: not remembered.</summary>
    public TimeSpan CacheAcceptedFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a refused sender is remembered (Exim: 2 hours). 0: not remembered.</summary>
    public TimeSpan CacheRejectedFor { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a domain's record holds: it accepts every recipient, or it refuses MAIL FROM:&lt;&gt; (no callouts to it meanwhile).</summary>
    public TimeSpan CacheDomainFor { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Callouts running at once, in all; past it a sender goes unverified (Unknown).</summary>
    public int MaxConcurrent { get; set; } = 20;

    /// <summary>Callouts started per minute, in all.</summary>
    public int MaxPerMinute { get; set; } = 300;

    /// <summary>Callouts running at once to one sender domain: a wave forging one domain costs its servers little.</summary>
    public int MaxConcurrentPerDomain { get; set; } = 2;

    /// <summary>Callouts started per minute to one sender domain.</summary>
    public int MaxPerDomainPerMinute { get; set; } = 20;

    /// <summary>Callouts in a row that found a mail server unreachable, timing out or breaking off: its circuit opens.</summary>
    public int BreakAfterFailures { get; set; } = 3;

    /// <summary>How long an open circuit keeps callouts away from that mail server.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Records kept at most, in memory and in the store; past it new results are not remembered until a purge.</summary>
    public int MaxCacheEntries { get; set; } = 100_000;
}
