namespace SmtpShield.Sessions;

/// <summary>
/// Every bound a session has ("Limits" section), each with where its default comes from. They apply
/// up to the handoff; the backend enforces its own afterwards.
/// </summary>
internal sealed class SessionLimits
{
    /// <summary>Concurrent sessions; more get "421 4.7.0" at once. Kept below the 20,000 descriptors a process may hold.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>Concurrent connections per client address; more get "421 4.7.0" (Postfix smtpd_client_connection_count_limit, 50 there;
    /// a Postfix sender opens at most default_destination_concurrency_limit = 20 to one MX).</summary>
    public int MaxSessionsPerClient { get; set; } = 20;

    /// <summary>New connections per client address per minute; more get "421 4.7.0"; 0 turns the limit off
    /// (Postfix smtpd_client_connection_rate_limit, off by default there).</summary>
    public int MaxConnectionsPerClientPerMinute { get; set; } = 120;

    /// <summary>Refusals by the rate limit above allowed within a minute; the next one is an offence for the
    /// blocklist (source "limits"), so a client that keeps hammering ends up blocked; 0: refusals never count.</summary>
    public int LimitRefusalsPerOffence { get; set; } = 10;

    /// <summary>The per-client limits count an IPv6 client by this prefix: 128, each address (a big sender
    /// runs many MTAs in one /64); 64 also catches a bot rotating through its /64.</summary>
    public int ClientIpv6Prefix { get; set; } = 128;

    /// <summary>RFC 5321 §4.5.3.1.4: 512 octets including CRLF.</summary>
    public int CommandLineLength { get; set; } = 512;

    /// <summary>From accept to the first command. Zombies that never speak are cut loose early.</summary>
    public TimeSpan BannerTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>RFC 5321 §4.5.3.2.7: a server SHOULD wait at least 5 minutes for the next command.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The whole dialogue before handoff; a client dribbling NOOPs cannot hold a slot forever.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Commands before handoff (Postfix smtpd_junk_command_limit is 100).</summary>
    public int MaxCommands { get; set; } = 100;

    /// <summary>Protocol errors before "421 4.7.0" (Postfix smtpd_soft_error_limit is 10).</summary>
    public int MaxErrors { get; set; } = 10;

    /// <summary>RFC 5321 §4.5.3.1.8: at least 100 recipients must be accepted.</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>Advertised as SIZE and checked against MAIL's SIZE= (Postfix message_size_limit default).</summary>
    public long MaxMessageSize { get; set; } = 10_240_000;
}
