using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SmtpShield.Checks.ReverseDns;
using SmtpShield.Protocol;
using SmtpShield.Relay.Identity;
using SmtpShield.Relay.Splice;
using SmtpShield.Sessions;

namespace SmtpShield.Relay;

/// <summary>
/// Hands clean sessions to the backend (shared/ARCHITECTURE.md decision 4): at the first RCPT TO the policy
/// accepts, open a backend session with the client's identity, replay MAIL and that RCPT, give the client
/// the backend's reply verbatim, then splice. Any failure before the splice is a 4xx: the client keeps its
/// mail. SmtpShield never answers DATA itself, so the only 250 a message gets is the backend's.
/// </summary>
internal sealed partial class BackendRelay
{
    private readonly RelayOptions _options;
    private readonly BackendSmtpClient _client;
    private readonly ReverseDnsLookup _reverseDns;
    private readonly RelayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<BackendRelay> _logger;
    private readonly string _hostname;
    private readonly bool _needsClientName;

    public BackendRelay(
        IOptions<RelayOptions> options, SessionReplies replies, ReverseDnsLookup reverseDns, RelayMetrics metrics, TimeProvider time, ILogger<BackendRelay> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(replies);
        _options = options.Value;
        _hostname = replies.Hostname;
        _client = new BackendSmtpClient(_hostname, _options.ReplyTimeout, time);
        _reverseDns = reverseDns;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Targets = [.. _options.Backends.Select(backend => new BackendTarget(backend, _options, time))];
        _needsClientName = Targets.Any(target => target.Identity is BackendIdentity.Xclient or BackendIdentity.None);
    }

    public IReadOnlyList<BackendTarget> Targets { get; }

    public bool FastPath => _options.FastPath;

    public TimeSpan IdleTimeout => _options.IdleTimeout;

    public TimeSpan MaxDuration => _options.MaxDuration;

    public BackendSmtpClient Client => _client;

    /// <summary>
    /// At an accepted RCPT TO: writes the client's reply (the backend's, or a 4xx) to the session and
    /// returns the handoff to splice, or null when the session stays with SmtpShield.
    /// </summary>
    public async Task<RelayHandoff?> HandOffAsync(SessionContext session, Recipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(recipient);
        Envelope envelope = session.Envelope!;
        (ClientIdentity identity, string? verifiedName) = await IdentityAsync(session, greeted: true, cancellationToken);
        BackendGreeting? greeting;
        try
        {
            greeting = await GreetAnyAsync(session, identity, cancellationToken);
        }
        catch (BackendException e) when (e.IsClientCaused)
        {
            // The backend refused what the client said of itself (its HELO, say): its answer, not a retry forever.
            if (e.ForwardReply)
            {
                session.Reply(e.Reply!.Raw);
            }
            else
            {
                session.Reply(SmtpReplies.BackendUnavailable);
            }

            return null;
        }

        if (greeting is null)
        {
            session.Reply(SmtpReplies.BackendUnavailable);
            return null;
        }

        BackendConnection backend = greeting.Connection;
        bool handedOver = false;
        try
        {
            RelayHandoff? handoff = await ReplayEnvelopeAsync(session, envelope, recipient, identity, greeting, verifiedName, cancellationToken);
            handedOver = handoff is not null;
            return handoff;
        }
        catch (BackendException e)
        {
            LogHandoffFailed(session.Client.Address, session.Client.Port, session.Id, backend.Target.Name, e.Message);
            _metrics.Handoff(backend.Target, "failed");
            if (e.IsTimeout)
            {
                session.Close(SessionEndReason.BackendFailed, SmtpReplies.BackendTimeout(_hostname));
            }
            else
            {
                session.Reply(SmtpReplies.BackendUnavailable);
            }

            return null;
        }
        finally
        {
            if (!handedOver)
            {
                // Whatever ended the handoff (a refusal, the client vanishing): the backend keeps no transaction.
                backend.Abort();
                await backend.DisposeAsync();
            }
        }
    }

    // MAIL and the RCPT with the client's parameters; the backend's RCPT reply is the client's.
    private async Task<RelayHandoff?> ReplayEnvelopeAsync(
        SessionContext session, Envelope envelope, Recipient recipient, ClientIdentity identity, BackendGreeting greeting, string? verifiedName,
        CancellationToken cancellationToken)
    {
        BackendConnection backend = greeting.Connection;
        byte[] mailCommand = MailCommand(envelope);
        byte[] rcptCommand = RcptCommand(recipient);

        // RFC 2920: one write for both when the backend offered PIPELINING to the client's own EHLO. Never
        // after HELO: Postfix would count it as unauthorised pipelining and may refuse DATA for it.
        bool pipelined = identity.Esmtp && greeting.Capabilities?.Has("PIPELINING") == true;
        ParsedReply mail = await _client.CommandAsync(backend, pipelined ? (byte[])[.. mailCommand, .. rcptCommand] : mailCommand, "MAIL FROM", cancellationToken);
        if (!mail.IsPositive)
        {
            if (pipelined)
            {
                // The RCPT's answer to a refused MAIL (503) is the backend's business, not the client's.
                await _client.CommandAsync(backend, default, "RCPT TO", cancellationToken);
            }

            // The client heard 250 for MAIL from us; the backend's refusal becomes the answer to RCPT.
            LogBackendRefusedMail(session.Client.Address, session.Client.Port, session.Id, backend.Target.Name, mail.ToString());
            _metrics.Handoff(backend.Target, "refused");
            if (mail.Code == 421)
            {
                session.Close(SessionEndReason.BackendFailed);
            }
            else
            {
                envelope.RefusedByBackend = mail.Raw;
            }

            session.Reply(mail.Raw);
            await _client.QuitAsync(backend);
            return null;
        }

        ParsedReply rcpt = await _client.CommandAsync(backend, pipelined ? default : rcptCommand, "RCPT TO", cancellationToken);
        session.Reply(rcpt.Raw);
        envelope.AddRecipient(recipient);
        LogHandoff(session.Client.Address, session.Client.Port, session.Id, backend.Target.Name, rcpt.Code);
        _metrics.Handoff(backend.Target, "spliced");
        return Handoff(session, backend, verifiedName, bannerPending: false);
    }

    /// <summary>
    /// Fast path, before any banner: connect and pass the identity; the client then talks to the backend
    /// from its first byte. Null when no backend can be reached (the session goes on with SmtpShield).
    /// </summary>
    public async Task<RelayHandoff?> OpenFastPathAsync(SessionContext session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        (ClientIdentity identity, string? verifiedName) = await IdentityAsync(session, greeted: false, cancellationToken);
        BackendGreeting? greeting = await GreetAnyAsync(session, identity, cancellationToken);
        if (greeting is null)
        {
            return null;
        }

        if (greeting.Banner is { } banner)
        {
            session.Reply(banner.Raw);
        }

        LogFastPath(session.Client.Address, session.Client.Port, session.Id, greeting.Connection.Target.Name);
        _metrics.Handoff(greeting.Connection.Target, "spliced");
        return Handoff(session, greeting.Connection, verifiedName, bannerPending: greeting.Banner is null);
    }

    /// <summary>Splices <paramref name="client"/> and the backend until either ends; closes the backend side.</summary>
    public async Task<SpliceOutcome> SpliceAsync(RelayHandoff handoff, IDuplexPipe client)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        _metrics.SpliceStarted(handoff.Target);
        try
        {
            if (handoff.Trace is not { } trace)
            {
                return await TransparentSplice.RunAsync(client, handoff.Backend, handoff.Activity);
            }

            var following = new FollowingSplice(client, handoff.Backend, handoff.Activity, trace, handoff.BannerPending);
            SpliceOutcome outcome = await following.RunAsync();
            if (following.Violation is not null || following.LostTrack)
            {
                LogCannotFollow(handoff.Target.Name, trace.SessionId, following.Violation ?? "the backend's replies stopped matching the commands");
                return SpliceOutcome.ProtocolViolation;
            }

            if (following.BareLineEnds > 0)
            {
                LogNormalised(handoff.Target.Name, trace.SessionId, following.BareLineEnds, following.Messages);
            }

            return outcome;
        }
        finally
        {
            _metrics.SpliceEnded(handoff.Target, handoff.Activity.FromClient, handoff.Activity.FromBackend);
            await handoff.Backend.DisposeAsync();
        }
    }

    private RelayHandoff Handoff(SessionContext session, BackendConnection backend, string? verifiedName, bool bannerPending)
    {
        TraceContext? trace = null;
        if (backend.Target.Identity == BackendIdentity.None)
        {
            trace = new TraceContext(session.Client.Address, verifiedName, _hostname, session.IsTls, session.Id, _time);
            if (session.Helo is { } helo)
            {
                trace.Greeted(helo, session.IsEsmtp);
            }
        }

        return new RelayHandoff(backend, new SpliceActivity(_time), trace, bannerPending);
    }

    // Backends in configured order; one whose circuit is open is skipped without a connection attempt. A
    // refusal of the client's own data (BackendException.IsClientCaused) is not the backend's fault: it
    // opens no circuit and goes to the caller, since another backend would refuse it too.
    private async Task<BackendGreeting?> GreetAnyAsync(SessionContext session, ClientIdentity identity, CancellationToken cancellationToken)
    {
        foreach (BackendTarget target in Targets)
        {
            try
            {
                return await target.Breaker.ExecuteAsync(
                    async token => await _client.OpenAsync(target, identity, token), cancellationToken);
            }
            catch (BrokenCircuitException)
            {
                LogBackendSkipped(session.Client.Address, session.Client.Port, session.Id, target.Name);
            }
            catch (BackendException e) when (e.IsClientCaused)
            {
                LogBackendRefusedClient(session.Client.Address, session.Client.Port, session.Id, target.Name, e.Message);
                throw;
            }
            catch (Exception e) when (e is BackendException or TimeoutRejectedException or System.Net.Sockets.SocketException or IOException
                or System.Security.Authentication.AuthenticationException)
            {
                string reason = e is TimeoutRejectedException ? $"connect timed out after {_options.ConnectTimeout.TotalSeconds:0.#} s" : e.Message;
                LogBackendFailed(session.Client.Address, session.Client.Port, session.Id, target.Name, reason);
                _metrics.Handoff(target, "failed");
            }
        }

        return null;
    }

    private async Task<(ClientIdentity Identity, string? VerifiedName)> IdentityAsync(SessionContext session, bool greeted, CancellationToken cancellationToken)
    {
        (string name, string? reverseName, string? verified) = _needsClientName
            ? await ClientNameAsync(session, cancellationToken)
            : (ClientIdentity.Unavailable, null, null);
        var identity = new ClientIdentity(session.Client, session.Local, name, reverseName, greeted ? session.Helo : null, session.IsEsmtp);
        return (identity, verified);
    }

    // XCLIENT NAME: the forward-confirmed name the checks found (or a lookup now, bounded), else Postfix's markers.
    private async Task<(string Name, string? ReverseName, string? Verified)> ClientNameAsync(SessionContext session, CancellationToken cancellationToken)
    {
        Checks.CheckSubject subject = session.Checks.Subject;
        subject.ReverseDns ??= _reverseDns.LookupAsync(subject.Client, cancellationToken);
        try
        {
            ReverseDnsResult rdns = await subject.ReverseDns.WaitAsync(_options.ClientNameTimeout, _time, cancellationToken);
            return rdns.Status switch
            {
                ReverseDnsStatus.Confirmed => (rdns.VerifiedName!, null, rdns.VerifiedName),
                ReverseDnsStatus.Unconfirmed => (ClientIdentity.Unavailable, rdns.AnyName, null),
                ReverseDnsStatus.TemporaryError => (ClientIdentity.TemporarilyUnavailable, null, null),
                _ => (ClientIdentity.Unavailable, null, null),
            };
        }
        catch (TimeoutException)
        {
            return (ClientIdentity.TemporarilyUnavailable, null, null);
        }
    }

    private static byte[] MailCommand(Envelope envelope) => Command("MAIL FROM:", envelope.ReversePath, envelope.MailParameters);

    private static byte[] RcptCommand(Recipient recipient) => Command("RCPT TO:", recipient.ForwardPath, recipient.Parameters);

    // The client's own path and parameters, as it sent them (both came from a parsed, CRLF-free line).
    private static byte[] Command(string verb, string path, byte[] parameters)
    {
        var line = new List<byte>(verb.Length + path.Length + parameters.Length + 8);
        line.AddRange(Encoding.ASCII.GetBytes(verb));
        line.Add((byte)'<');
        line.AddRange(Encoding.UTF8.GetBytes(path));
        line.Add((byte)'>');
        if (parameters.Length > 0)
        {
            line.Add((byte)' ');
            line.AddRange(parameters);
        }

        line.Add((byte)'\r');
        line.Add((byte)'\n');
        return [.. line];
    }

    // Debug: the session's DISCONNECT line names the backend; one Information line per session is enough.
    [LoggerMessage(60, LogLevel.Debug, "RELAY [{Client}]:{Port} id={SessionId}: handed to {Backend}, RCPT answered {Code}")]
    private partial void LogHandoff(IPAddress client, int port, string sessionId, string backend, int code);

    [LoggerMessage(61, LogLevel.Debug, "RELAY [{Client}]:{Port} id={SessionId}: fast path to {Backend}")]
    private partial void LogFastPath(IPAddress client, int port, string sessionId, string backend);

    [LoggerMessage(62, LogLevel.Warning, "RELAY [{Client}]:{Port} id={SessionId}: backend {Backend} failed: {Reason}")]
    private partial void LogBackendFailed(IPAddress client, int port, string sessionId, string backend, string reason);

    [LoggerMessage(63, LogLevel.Information, "RELAY [{Client}]:{Port} id={SessionId}: backend {Backend} skipped: circuit open after repeated failures")]
    private partial void LogBackendSkipped(IPAddress client, int port, string sessionId, string backend);

    [LoggerMessage(64, LogLevel.Warning, "RELAY [{Client}]:{Port} id={SessionId}: handoff to {Backend} failed: {Reason}")]
    private partial void LogHandoffFailed(IPAddress client, int port, string sessionId, string backend, string reason);

    [LoggerMessage(65, LogLevel.Information, "RELAY [{Client}]:{Port} id={SessionId}: backend {Backend} refused MAIL: {Reply}")]
    private partial void LogBackendRefusedMail(IPAddress client, int port, string sessionId, string backend, string reply);

    [LoggerMessage(67, LogLevel.Warning, "RELAY id={SessionId}: session with {Backend} cut: {Reason}")]
    private partial void LogCannotFollow(string backend, string sessionId, string reason);

    [LoggerMessage(68, LogLevel.Information, "RELAY id={SessionId}: {BareLineEnds} bare CR/LF line ends normalised to CRLF in {Messages} message(s) for {Backend}")]
    private partial void LogNormalised(string backend, string sessionId, int bareLineEnds, int messages);

    [LoggerMessage(66, LogLevel.Information, "RELAY [{Client}]:{Port} id={SessionId}: backend {Backend} refused the client's identity: {Reason}")]
    private partial void LogBackendRefusedClient(IPAddress client, int port, string sessionId, string backend, string reason);
}
