using System.Net;

namespace SmtpLoad;

/// <summary>
/// What the spamwave mode runs (benchmarks/README.md, "Spam wave"): <see cref="Connections"/> listed
/// clients, one source address each from <see cref="Sources"/>, that stop at RCPT and stay connected,
/// and meanwhile <see cref="CleanParallel"/> clean clients from <see cref="CleanSources"/> delivering
/// <see cref="Message"/> through the server to its backend, each pausing <see cref="CleanPause"/> between
/// sessions (a steady sender, so the server's CPU is mostly the wave's), and <see cref="HeldClean"/>
/// clean clients from <see cref="CleanSources"/> that say EHLO and sit silent (<see cref="HeldCleanClients"/>).
/// </summary>
internal sealed record SpamWaveOptions(
    IPEndPoint Server,
    int ServerPid,
    SourceAddressPool Sources,
    int Connections,
    int OpenParallel,
    TimeSpan OpenTimeout,
    TimeSpan ReplyTimeout,
    SourceAddressPool CleanSources,
    int CleanParallel,
    TimeSpan CleanPause,
    TimeSpan JitWarmup,
    TimeSpan BaselineDuration,
    TimeSpan CleanDuration,
    TimeSpan SessionTimeout,
    byte[] Message,
    int HeldClean)
{
    /// <summary>
    /// The clean client as the sessions mode runs it, for <paramref name="duration"/> from its first session:
    /// deliveries that must end in 250 at RCPT and after the message.
    /// </summary>
    public SessionLoadOptions CleanLoad(TimeSpan duration, TimeSpan pause) => new(
        Server, CleanSources, CleanParallel, Warmup: TimeSpan.Zero, duration, Runs: 1, SessionTimeout, ServerPid, ExpectRcpt: 250, Message, pause);
}
