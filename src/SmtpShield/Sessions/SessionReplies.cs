using Microsoft.Extensions.Options;
using SmtpShield.Hosting;
using SmtpShield.Protocol;
using SmtpShield.Sessions.Tls;

namespace SmtpShield.Sessions;

/// <summary>The replies that name this server or depend on its configuration, encoded once at start.</summary>
internal sealed class SessionReplies
{
    public SessionReplies(IOptions<ServerOptions> server, IOptions<SessionLimits> limits, ServerCertificate certificate)
    {
        string hostname = server.Value.ResolveHostname();
        Hostname = hostname;
        Greeting = SmtpReplies.Greeting(hostname);
        HeloOk = SmtpReplies.HeloOk(hostname);
        EhloBeforeTls = SmtpReplies.EhloOk(hostname, EhloExtensions.Advertised(limits.Value, offerStartTls: certificate.IsAvailable));
        EhloAfterTls = SmtpReplies.EhloOk(hostname, EhloExtensions.Advertised(limits.Value, offerStartTls: false));
        ShuttingDown = SmtpReplies.ShuttingDown(hostname);
        TooManyErrors = SmtpReplies.TooManyErrors(hostname);
        TooManyCommands = SmtpReplies.TooManyCommands(hostname);
        TooManySessions = SmtpReplies.TooManySessions(hostname);
        Timeout = SmtpReplies.Timeout(hostname);
        SessionLifetimeExceeded = SmtpReplies.SessionLifetimeExceeded(hostname);
    }

    public string Hostname { get; }

    public SmtpReply Greeting { get; }

    public SmtpReply HeloOk { get; }

    public SmtpReply EhloBeforeTls { get; }

    public SmtpReply EhloAfterTls { get; }

    public SmtpReply ShuttingDown { get; }

    public SmtpReply TooManyErrors { get; }

    public SmtpReply TooManyCommands { get; }

    public SmtpReply TooManySessions { get; }

    public SmtpReply Timeout { get; }

    public SmtpReply SessionLifetimeExceeded { get; }
}
