using System.Net;

namespace SmtpLoad;

/// <summary>
/// What the wave mode runs: <see cref="Sessions"/> sessions from one client address (a spam wave from one
/// host), all connected first and then all talking at once. The server's checks start at accept, so every
/// session's DNS questions are asked while the others' are in flight or cached.
/// </summary>
internal sealed record WaveOptions(
    IPEndPoint Server,
    IPAddress Source,
    int Sessions,
    int OpenParallel,
    TimeSpan Timeout,
    int? ExpectRcpt);
