using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using SmtpShield.Checks;
using SmtpShield.Protocol;
using SmtpShield.Tarpit;
using SmtpShield.Verdicts;

namespace SmtpShield.Sessions;

/// <summary>
/// The state of one SMTP dialogue and the operations command handlers use on it: reply, count an error,
/// close. Kept small: thousands of these sit idle during a wave.
/// </summary>
internal sealed class SessionContext
{
    private List<CheckResult>? _evidence;
    private CancellationTokenSource? _pacing;
    private int _pacingCancelled;

    public SessionContext(string id, IPEndPoint client, IPEndPoint local, SessionReplies replies, SessionLimits limits, SessionChecks checks, ReplyPacer pacer)
    {
        Id = id;
        Client = client;
        Local = local;
        Replies = replies;
        Limits = limits;
        Checks = checks;
        Pacer = pacer;
    }

    public string Id { get; }

    public IPEndPoint Client { get; }

    public IPEndPoint Local { get; }

    public SessionReplies Replies { get; }

    public SessionLimits Limits { get; }

    /// <summary>This client's checks, started at accept and gathered at the first RCPT TO.</summary>
    public SessionChecks Checks { get; }

    public ReplyPacer Pacer { get; }

    /// <summary>Holds a place in the tarpit (<see cref="EnterTarpit"/>) until <see cref="LeaveTarpit"/> or the session's end.</summary>
    public bool IsTarpitted { get; private set; }

    /// <summary>The Tarpit verdict's wait is done (it happens once per session).</summary>
    public bool HasWaitedInTarpit { get; set; }

    /// <summary>How long the session waits before its next flush (an escalated error reply); taken by the session loop.</summary>
    public TimeSpan PendingDelay { get; set; }

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

    /// <summary>
    /// Replies with an error the client caused; past Tarpit:ErrorDelayAfter the reply waits longer with
    /// each error, and at Limits:MaxErrors the session ends with 421 at once.
    /// </summary>
    public void ProtocolError(SmtpReply reply)
    {
        Reply(reply);
        if (++Errors >= Limits.MaxErrors)
        {
            Close(SessionEndReason.TooManyErrors, Replies.TooManyErrors);
        }
        else if (Pacer.ErrorDelay(Errors) is { } delay && delay > TimeSpan.Zero && EnterTarpit())
        {
            PendingDelay = delay;
        }
    }

    /// <summary>Takes a place in the tarpit for this session, if it has none yet; false when the tarpit is full.</summary>
    public bool EnterTarpit()
    {
        if (!IsTarpitted)
        {
            IsTarpitted = Pacer.TryEnter();
        }

        return IsTarpitted;
    }

    public void LeaveTarpit()
    {
        if (IsTarpitted)
        {
            IsTarpitted = false;
            Pacer.Leave();
        }
    }

    /// <summary>Cancelled by <see cref="CancelPacing"/>: a slowed reply never holds up a timeout's or a shutdown's 421.</summary>
    public CancellationToken PacingToken
    {
        get
        {
            CancellationTokenSource pacing = _pacing ?? Interlocked.CompareExchange(ref _pacing, new CancellationTokenSource(), null) ?? _pacing;
            // Full fences on both sides (the exchange here, the one in CancelPacing): an interrupt is never missed.
            if (Volatile.Read(ref _pacingCancelled) != 0)
            {
                pacing.Cancel();
            }

            return pacing.Token;
        }
    }

    /// <summary>
    /// Safe from any thread: ends any wait in the tarpit now and later. The waiting session resumes on the
    /// pool, never on the caller's thread (the heartbeat, or shutdown interrupting thousands in a row).
    /// </summary>
    public void CancelPacing()
    {
        Interlocked.Exchange(ref _pacingCancelled, 1);
        if (Volatile.Read(ref _pacing) is { } pacing)
        {
            _ = pacing.CancelAsync();
        }
    }

    /// <summary>Waits in the tarpit; false when an interrupt ended the wait.</summary>
    public async ValueTask<bool> PauseAsync(TimeSpan delay)
    {
        try
        {
            await Pacer.WaitAsync(delay, PacingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// A reply to be sent a byte at a time (spamd's stutter), after the replies already written. The
    /// session sends it once it has let go of the input it read, so a stuttering session holds no buffer;
    /// commands pipelined after this one wait for it.
    /// </summary>
    public SmtpReply? StutteredReply { get; private set; }

    public void ReplyStuttered(SmtpReply reply) => StutteredReply = reply;

    public SmtpReply? TakeStutteredReply()
    {
        SmtpReply? reply = StutteredReply;
        StutteredReply = null;
        return reply;
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
