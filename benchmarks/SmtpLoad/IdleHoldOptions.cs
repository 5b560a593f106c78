using System.Net;

namespace SmtpLoad;

/// <summary>What the idle mode runs: N connections that take the banner and then say nothing for a while.</summary>
internal sealed record IdleHoldOptions(
    IPEndPoint Server,
    SourceAddressPool Sources,
    SourceAddressPool ProbeSources,
    int Connections,
    TimeSpan Hold,
    int OpenParallel,
    int WarmupSessions,
    TimeSpan Timeout,
    int ServerPid);
