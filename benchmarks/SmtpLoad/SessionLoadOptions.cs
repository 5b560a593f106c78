using System.Net;

namespace SmtpLoad;

/// <summary>What the sessions mode runs: C concurrent clients, each starting a new session when one ends.</summary>
internal sealed record SessionLoadOptions(
    IPEndPoint Server,
    SourceAddressPool Sources,
    int Concurrency,
    TimeSpan Warmup,
    TimeSpan Duration,
    int Runs,
    TimeSpan Timeout,
    int? ServerPid);
