namespace SmtpShield.Relay;

/// <summary>The Relay section: where clean sessions go and how the handoff and splice are bounded.</summary>
internal sealed class RelayOptions
{
    public List<BackendOptions> Backends { get; } = [];

    /// <summary>Allowlisted clients and clients with a cached pass are spliced from the first byte (the banner is the backend's).</summary>
    public bool FastPath { get; set; } = true;

    /// <summary>TCP connect to one backend; past it the next backend is tried.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each backend reply during the handoff (banner, EHLO, XCLIENT, MAIL, RCPT).</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Spliced sessions: no byte either way for this long ends the session (RFC 5321 §4.5.3.2: the longest server timeout is 10 minutes).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Spliced sessions end after this long, however busy.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each backend's EHLO is probed to refresh the extensions offered to clients.</summary>
    public TimeSpan CapabilityRefresh { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the handoff waits for the client's reverse DNS (XCLIENT NAME) when no check looked it up.</summary>
    public TimeSpan ClientNameTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failures in a row (within BreakDuration) that open a backend's circuit: it is skipped for BreakDuration.</summary>
    public int BreakAfterFailures { get; set; } = 5;

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
