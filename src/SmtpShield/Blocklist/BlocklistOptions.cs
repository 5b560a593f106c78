namespace SmtpShield.Blocklist;

/// <summary>Which clients are blocked, for how long, and how the kernel is told ("Blocklist" section).</summary>
internal sealed class BlocklistOptions
{
    /// <summary>How blocks reach the kernel; "none" refuses blocked clients in SmtpShield only (needs no privileges).</summary>
    public FirewallDriverKind Driver { get; set; } = FirewallDriverKind.None;

    /// <summary>Block clients automatically after a rejected (or dropped) session or the protocol-error limit.</summary>
    public bool Automatic { get; set; } = true;

    /// <summary>A first offence's block (the old ipt_recent trick used minutes).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest an automatic block can grow to.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Each repeat offence multiplies the block by this (fail2ban's bantime.factor); 1 keeps it constant.</summary>
    public double EscalationFactor { get; set; } = 2;

    /// <summary>Each automatic block is varied by up to this fraction either way, so a botnet's blocks do not all end at once.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>How long offences are remembered for escalation after the last one (fail2ban's dbpurgeage).</summary>
    public TimeSpan OffenceMemory { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The prefix an automatic block covers for an IPv4 client.</summary>
    public int Ipv4Prefix { get; set; } = 32;

    /// <summary>The prefix an automatic block covers for an IPv6 client: one end site usually holds a whole /64.</summary>
    public int Ipv6Prefix { get; set; } = 64;

    /// <summary>Networks never to be blocked, besides loopback, the backends, the admin endpoint and Policy:Allow.</summary>
    public List<string> Allow { get; } = [];

    /// <summary>Addresses and networks blocked permanently (source "config"), re-applied at every start.</summary>
    public List<string> Static { get; } = [];

    /// <summary>What a blocked client that still reaches SmtpShield gets: Close (521 at once) or Tarpit (silence, then 521).</summary>
    public BlockedClientAction OnBlockedClient { get; set; } = BlockedClientAction.Close;

    /// <summary>How long a tarpitted blocked client waits in silence before its 521.</summary>
    public TimeSpan TarpitTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most blocked clients held in the tarpit at once; beyond it they are closed at once.</summary>
    public int MaxTarpitted { get; set; } = 1000;

    /// <summary>Changes reach the kernel in one command per this interval at most (the issue asks for ≤ 100 ms).</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often expired entries are purged (and, for drivers without kernel timeouts, removed from the kernel).</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The SQLite store; null is blocklist.db in the state directory.</summary>
    public string? DatabaseFile { get; set; }

    /// <summary>The nft, ipset, iptables/ip6tables(-restore) and ip programs, found on PATH unless given.</summary>
    public string NftPath { get; set; } = "nft";

    public string IpsetPath { get; set; } = "ipset";

    public string IptablesRestorePath { get; set; } = "iptables-restore";

    public string Ip6tablesRestorePath { get; set; } = "ip6tables-restore";

    public string IpPath { get; set; } = "ip";

    /// <summary>
    /// Driver "route": the routing protocol number that marks SmtpShield's blackhole routes, so a resync
    /// flushes exactly those (`ip route show proto 250`). 250 is unassigned in iproute2's rt_protos.
    /// </summary>
    public int RouteProtocol { get; set; } = 250;

    /// <summary>How long one firewall command may take before it counts as failed.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

internal enum FirewallDriverKind : byte
{
    None,
    Nftables,
    Ipset,
    Iptables,
    Route,
}

internal enum BlockedClientAction : byte
{
    Close,
    Tarpit,
}
