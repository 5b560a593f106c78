using System.Net;

namespace SmtpLoad;

/// <summary>
/// What the dnsbl mode runs: <see cref="Addresses"/> distinct addresses, taken in order from
/// <see cref="Range"/>, each asked once as an A question under <see cref="Zone"/> (RFC 5782 §2.1 reversed
/// octets), by <see cref="Concurrency"/> workers through SmtpShield's own stub resolver. Every run asks the
/// same addresses of a fresh resolver, so with <see cref="ThroughCache"/> each question still misses.
/// </summary>
internal sealed record DnsblLookupOptions(
    IPEndPoint Server,
    string Zone,
    string Range,
    int Addresses,
    string WarmupRange,
    int WarmupQueries,
    int Concurrency,
    int Runs,
    TimeSpan Timeout,
    int Attempts,
    bool ThroughCache,
    int? ServerPid);
