using System.Net;

namespace SmtpLoad;

/// <summary>
/// What the sessions mode runs: C concurrent clients, each starting a new session when one ends. With
/// <see cref="ExpectRcpt"/> set, a session whose RCPT reply has another code counts as failed ("rcpt: reply 451").
/// With <see cref="Pause"/> a client waits that long after each session before the next (a paced sender
/// rather than a flood); latency is still measured per session.
/// </summary>
internal sealed record SessionLoadOptions(
    IPEndPoint Server,
    SourceAddressPool Sources,
    int Concurrency,
    TimeSpan Warmup,
    TimeSpan Duration,
    int Runs,
    TimeSpan Timeout,
    int? ServerPid,
    int? ExpectRcpt = null,
    byte[]? Message = null,
    TimeSpan Pause = default);
