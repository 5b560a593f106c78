using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using SmtpShield.Checks;
using SmtpShield.Protocol;
using SmtpShield.Verdicts;

namespace SmtpShield.Sessions;

/// <summary>
/// The state of one SMTP dialogue and the operations command handlers use on it: reply, count an error,
/// close. Kept small: thousands of these sit idle during a wave.
/// </summary>
internal sealed class SessionContext
{
    private List<CheckResult>? _evidence;

    public SessionContext(string id, IPEndPoint client, IPEndPoint local, SessionReplies replies, SessionLimits limits, SessionChecks checks)
    {
        Id = id;
        Client = client;
        Local = local;
        Replies = replies;
        Limits = limits;
        Checks = checks;
    }

    public string Id { get; }

    public IPEndPoint Client { get; }

    public IPEndPoint Local { get; }

    public SessionReplies Replies { get; }

    public SessionLimits Limits { get; }

    /// <summary>This client's checks, started at accept and gathered at the first RCPT TO.</summary>
    public SessionChecks Checks { get; }

    public SessionPhase Phase { get; private set; }

    /// <summary>The HELO/EHLO argument as sent (sanitised only when logged).</summary>
    public string? Helo { get; private set; }

    public HeloArgumentKind HeloKind { get; private set; }

    /// <summary>True after EHLO (ESMTP), false after HELO.</summary>
    public bool IsEsmtp { get; private set; }

    public bool IsTls { get; private set; }

    public Envelope? Envelope { get; private set; }

    public int Commands { get; set; }

    public int Errors { get; private set; }

    /// <summary>RCPT commands seen, accepted or not.</summary>
    public int RecipientCommands { get; set; }

    /// <summary>The first RCPT's forward-path, for the session log line.</summary>
    public string? FirstRecipient { get; set; }

    /// <summary>Decided once, at the first well-formed RCPT TO.</summary>
    public Verdict? Verdict { get; set; }

    /// <summary>Irregular line endings and bytes seen so far (input for the protocol checks).</summary>
    public LineFlags SeenLineFlags { get; set; }

    public IReadOnlyList<CheckResult> Evidence => (IReadOnlyList<CheckResult>?)_evidence ?? [];

    public SessionEndReason EndReason { get; private set; }

    public bool IsClosing => EndReason != SessionEndReason.None;

    /// <summary>Set by the STARTTLS handler; the session upgrades after flushing "220 Ready to start TLS".</summary>
    public bool StartTlsRequested { get; set; }

    /// <summary>Where replies go: the plaintext pipe, or the TLS pipe after STARTTLS.</summary>
    public PipeWriter Output { get; set; } = null!;

    public void Reply(SmtpReply reply) => SmtpReplyWriter.Write(Output, reply);

    /// <summary>A reply from the backend, passed on byte for byte.</summary>
    public void Reply(byte[] backendReply) => Output.Write(backendReply);

    /// <summary>The extensions the last EHLO reply offered (null before EHLO): MAIL and RCPT parameters are judged by them.</summary>
    public ExtensionSet? Offered { get; set; }

    /// <summary>Set when the session has been handed to a backend: the session loop splices from here on.</summary>
    public Relay.RelayHandoff? Handoff { get; set; }

    /// <summary>Replies with an error the client caused; at Limits:MaxErrors the session ends with 421.</summary>
    public void ProtocolError(SmtpReply reply)
    {
        Reply(reply);
        if (++Errors >= Limits.MaxErrors)
        {
            Close(SessionEndReason.TooManyErrors, Replies.TooManyErrors);
        }
    }

    /// <summary>Ends the dialogue after the replies written so far (and <paramref name="reply"/>) are flushed.</summary>
    public void Close(SessionEndReason reason, SmtpReply? reply = null)
    {
        if (reply is not null)
        {
            Reply(reply);
        }

        if (EndReason == SessionEndReason.None)
        {
            EndReason = reason;
        }

        Phase = SessionPhase.Closing;
    }

    public void AddEvidence(CheckResult result) => (_evidence ??= []).Add(result);

    /// <summary>RFC 5321 §4.1.4: EHLO/HELO resets state as if RSET had been sent.</summary>
    public void AcceptHelo(string helo, HeloArgumentKind kind, bool esmtp)
    {
        Helo = helo;
        HeloKind = kind;
        IsEsmtp = esmtp;
        ResetTransaction();
    }

    public void BeginTransaction(Envelope envelope)
    {
        Envelope = envelope;
        Phase = SessionPhase.Mail;
    }

    public void RecipientSeen() => Phase = SessionPhase.Rcpt;

    public void ResetTransaction()
    {
        Envelope = null;
        Phase = Helo is null ? SessionPhase.Connected : SessionPhase.Greeted;
    }

    /// <summary>RFC 3207 §4.2: after the handshake, forget everything learned before it, EHLO included.</summary>
    public void ResetAfterTls()
    {
        IsTls = true;
        Helo = null;
        HeloKind = HeloArgumentKind.None;
        IsEsmtp = false;
        ResetTransaction();
    }
}
