using Microsoft.Extensions.Options;
using SmtpShield.Hosting;
using SmtpShield.Protocol;
using SmtpShield.Sessions.Tls;

namespace SmtpShield.Sessions;

/// <summary>The replies that name this server or depend on its configuration, encoded once at start.</summary>
internal sealed class SessionReplies
{
    private readonly bool _offerStartTls;
    private volatile EhloReplies _ehlo = null!;

    public SessionReplies(IOptions<ServerOptions> server, IOptions<SessionLimits> limits, ServerCertificate certificate)
    {
        string hostname = server.Value.ResolveHostname();
        Hostname = hostname;
        Greeting = SmtpReplies.Greeting(hostname);
        GreetingTeaser = System.Text.Encoding.ASCII.GetBytes($"220-{hostname} ESMTP\r\n");
        HeloOk = SmtpReplies.HeloOk(hostname);
        _offerStartTls = certificate.IsAvailable;
        Advertise(ExtensionSet.Own(limits.Value));
        ShuttingDown = SmtpReplies.ShuttingDown(hostname);
        TooManyErrors = SmtpReplies.TooManyErrors(hostname);
        TooManyCommands = SmtpReplies.TooManyCommands(hostname);
        TooManySessions = SmtpReplies.TooManySessions(hostname);
        Timeout = SmtpReplies.Timeout(hostname);
        SessionLifetimeExceeded = SmtpReplies.SessionLifetimeExceeded(hostname);
    }

    public string Hostname { get; }

    public SmtpReply Greeting { get; }

    /// <summary>The first line of a two-line banner (Pregreet:Teaser): "220-", so the reply is not complete yet.</summary>
    public byte[] GreetingTeaser { get; }

    public SmtpReply HeloOk { get; }

    /// <summary>The extensions offered now (the Relay narrows them to what the backends support).</summary>
    public ExtensionSet Extensions => _ehlo.Extensions;

    public SmtpReply ShuttingDown { get; }

    public SmtpReply TooManyErrors { get; }

    public SmtpReply TooManyCommands { get; }

    public SmtpReply TooManySessions { get; }

    public SmtpReply Timeout { get; }

    public SmtpReply SessionLifetimeExceeded { get; }

    /// <summary>
    /// The EHLO reply (STARTTLS before TLS only, and only with a certificate) and the extensions it
    /// offers, from one snapshot: what this client was told is what its MAIL is judged by.
    /// </summary>
    public SmtpReply Ehlo(bool tls, out ExtensionSet offered)
    {
        EhloReplies current = _ehlo;
        offered = current.Extensions;
        return tls ? current.AfterTls : current.BeforeTls;
    }

    /// <summary>Offers <paramref name="extensions"/> from now on; sessions already greeted keep what they were told.</summary>
    public void Advertise(ExtensionSet extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        _ehlo = new EhloReplies(
            extensions,
            SmtpReplies.EhloOk(Hostname, extensions.Keywords(_offerStartTls)),
            SmtpReplies.EhloOk(Hostname, extensions.Keywords(offerStartTls: false)));
    }

    // One object, swapped whole, so a session never sees the list of one set with the limits of another.
    private sealed record EhloReplies(ExtensionSet Extensions, SmtpReply BeforeTls, SmtpReply AfterTls);
}
