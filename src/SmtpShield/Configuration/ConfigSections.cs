using System.Collections.Frozen;

namespace SmtpShield.Configuration;

/// <summary>
/// The configuration's top-level keys (shared/ARCHITECTURE.md, configuration sketch). A key not listed
/// here is a typo or a feature this version lacks, and is reported as an error rather than ignored.
/// </summary>
internal static class ConfigSections
{
    public const string Hostname = "Hostname";
    public const string StateDirectory = "StateDirectory";
    public const string ShutdownTimeout = "ShutdownTimeout";
    public const string Listeners = "Listeners";
    public const string Admin = "Admin";
    public const string Tls = "Tls";
    public const string Limits = "Limits";
    public const string Policy = "Policy";
    public const string Dns = "Dns";
    public const string Dnsbl = "Dnsbl";
    public const string ReverseDns = "ReverseDns";
    public const string Helo = "Helo";
    public const string Pregreet = "Pregreet";
    public const string Protocol = "Protocol";
    public const string Callouts = "Callouts";
    public const string Tarpit = "Tarpit";
    public const string Relay = "Relay";
    public const string Blocklist = "Blocklist";
    public const string Logging = "Logging";

    public static readonly FrozenSet<string> TopLevelKeys = new[]
    {
        Hostname, StateDirectory, ShutdownTimeout, Listeners, Admin, Tls, Limits, Dns, Dnsbl, ReverseDns, Helo, Pregreet, Protocol, Callouts, Policy, Tarpit, Relay, Blocklist, Logging,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
