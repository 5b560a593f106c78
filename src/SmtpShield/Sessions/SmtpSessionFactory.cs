using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Blocklist;
using SmtpShield.Checks;
using SmtpShield.Checks.Pregreet;
using SmtpShield.Checks.Protocol;
using SmtpShield.Relay;
using SmtpShield.Sessions.Commands;
using SmtpShield.Sessions.Tls;
using SmtpShield.Tarpit;

namespace SmtpShield.Sessions;

/// <summary>Creates sessions and holds what every session shares, so a session keeps one pointer to it.</summary>
internal sealed class SmtpSessionFactory(
    CommandTable commands,
    SessionRegistry registry,
    SessionReplies replies,
    ServerCertificate certificate,
    CheckPipeline checks,
    BackendRelay relay,
    OffenceRecorder offences,
    PregreetTest pregreet,
    ProtocolTests protocol,
    ReplyPacer pacer,
    IOptions<SessionLimits> limits,
    IOptions<TlsOptions> tls,
    TimeProvider time,
    ILogger<SmtpSession> logger)
{
    public CommandTable Commands { get; } = commands;

    public SessionRegistry Registry { get; } = registry;

    public SessionReplies Replies { get; } = replies;

    public ServerCertificate Certificate { get; } = certificate;

    public CheckPipeline Checks { get; } = checks;

    public BackendRelay Relay { get; } = relay;

    public OffenceRecorder Offences { get; } = offences;

    public PregreetTest Pregreet { get; } = pregreet;

    public ProtocolTests Protocol { get; } = protocol;

    public ReplyPacer Pacer { get; } = pacer;

    public SessionLimits Limits { get; } = limits.Value;

    public TlsOptions Tls { get; } = tls.Value;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public SmtpSession Create(ISmtpConnection connection) => new(this, connection, SessionIds.Next());
}
