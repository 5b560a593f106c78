using SmtpShield.Checks.Access;
using SmtpShield.Checks.Protocol;
using SmtpShield.Protocol;
using SmtpShield.Verdicts;

namespace SmtpShield.Checks;

/// <summary>
/// One session's checks: started as soon as their input exists, running in parallel with the dialogue,
/// gathered at the first RCPT TO under Policy:CheckTimeout and turned into a verdict. Access lists and
/// the pass cache decide at once, without any lookup.
/// </summary>
internal sealed class SessionChecks : IDisposable
{
    private readonly CheckPipeline _pipeline;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<(ISessionCheck Check, Task<CheckResult> Result)> _running = [];

    // _running is read from pool threads when a Drop result arrives; the session thread adds to it.
    private readonly Lock _gate = new();
    private CheckResult? _dropping;
    private Verdict? _verdict;
    private List<CheckResult>? _observed;
    private bool _settled;
    private ProtocolFinding _found;

    public SessionChecks(CheckPipeline pipeline, CheckSubject subject)
    {
        _pipeline = pipeline;
        Subject = subject;
    }

    public CheckSubject Subject { get; }

    /// <summary>After <see cref="OnConnect"/>: the allow list or the pass cache vouched for the client (the relay's fast path).</summary>
    public bool IsTrustedAtConnect => _verdict is { Action: VerdictAction.Relay };

    /// <summary>
    /// Called (on a pool thread) when a check configured to Drop fails, so the session can answer 521 at
    /// once, even to a client that sits silent after the banner (postscreen's "drop").
    /// </summary>
    public Action? DropRequested { get; set; }

    /// <summary>At accept: access lists, the pass cache, then the connect-stage checks.</summary>
    public void OnConnect()
    {
        switch (_pipeline.Access.Decide(Subject.Client))
        {
            case AccessDecision.Allow:
                _verdict = new Verdict(VerdictAction.Relay, 0, "client on the allow list", [], IsCacheable: false);
                return;
            case AccessDecision.Deny:
                _verdict = new Verdict(VerdictAction.Reject, 0, "on the deny list", [], IsCacheable: false);
                return;
        }

        if (_pipeline.Cache.HasPassed(Subject.Client))
        {
            _verdict = new Verdict(VerdictAction.Relay, 0, "passed before", [], IsCacheable: false);
            return;
        }

        if (_pipeline.NeedsReverseDns)
        {
            Subject.ReverseDns = _pipeline.ReverseDns.LookupAsync(Subject.Client, _cancellation.Token);
        }

        Start(_pipeline.ConnectChecks);
    }

    public void OnHelo(string helo, HeloArgumentKind kind)
    {
        Subject.Helo = helo;
        Subject.HeloKind = kind;
        if (_verdict is null && !IsAllowlisted())
        {
            // Judged on the latest greeting only: a STARTTLS client must greet twice (RFC 3207 §4.2).
            Restart(CheckStage.Helo, _pipeline.HeloChecks);
        }
    }

    public void OnMail(string sender)
    {
        Subject.Sender = sender;
        if (_verdict is null && !IsAllowlisted())
        {
            // One sender per transaction: a new MAIL replaces what the previous one started.
            Restart(CheckStage.Mail, _pipeline.MailChecks);
        }
    }

    /// <summary>Unrecognized commands so far (the Protocol:UnknownCommandLimit test).</summary>
    public int UnknownCommands { get; set; }

    /// <summary>True once <paramref name="finding"/> has been observed in this session.</summary>
    public bool HasFound(ProtocolFinding finding) => (_found & finding) != 0;

    /// <summary>
    /// What the dialogue itself showed (an early talker, a pipelining violation): joins the evidence once
    /// per kind. Not for clients trusted at connect: postscreen does not test those either.
    /// </summary>
    public void Observe(ProtocolFinding finding, CheckResult result)
    {
        if (_verdict is not null || HasFound(finding))
        {
            return;
        }

        _found |= finding;
        lock (_gate)
        {
            (_observed ??= []).Add(result);
            if (result is { Outcome: CheckOutcome.Fail, Action: CheckAction.Drop })
            {
                _dropping ??= result;
            }
        }
    }

    /// <summary>A check configured to Drop has failed: the session answers 521 now instead of waiting for RCPT.</summary>
    public bool TryGetDrop(out Verdict verdict)
    {
        verdict = null!;
        lock (_gate)
        {
            if (_dropping is not { } dropping)
            {
                return false;
            }

            // The dropping result may not be in its task yet; an allowlisting one still wins.
            List<CheckResult> evidence = Completed();
            if (!evidence.Contains(dropping))
            {
                evidence.Add(dropping);
            }

            verdict = VerdictPolicy.Decide(evidence, _pipeline.Policy);
            return verdict.Action == VerdictAction.Drop;
        }
    }

    /// <summary>Waits (at most Policy:CheckTimeout) for the running checks and decides; remembers a clean pass.</summary>
    public async ValueTask<Verdict> DecideAsync(CancellationToken cancellationToken)
    {
        if (_verdict is not null)
        {
            return _verdict;
        }

        (ISessionCheck Check, Task<CheckResult> Result)[] running;
        CheckResult[] observed;
        lock (_gate)
        {
            running = [.. _running];
            observed = [.. _observed ?? []];
        }

        Task all = Task.WhenAll(running.Select(r => r.Result));
        try
        {
            await all.WaitAsync(_pipeline.Policy.CheckTimeout, _pipeline.Time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Decide with what we have; the stragglers count as temporary failures below.
        }

        List<CheckResult> evidence = [.. running.Select(r => r.Result.IsCompletedSuccessfully
            ? r.Result.Result
            : CheckResult.TemporaryFailure(r.Check.Name, $"{r.Check.Name} check timed out")), .. observed];
        Verdict decided = VerdictPolicy.Decide(evidence, _pipeline.Policy);
        if (decided is { Action: VerdictAction.Reject, DecidedBy: { } check } && _pipeline.MailChecks.Any(c => c.Name == check))
        {
            // Refused for its sender (a callout), not for what the client is: this transaction only. The
            // next MAIL FROM is judged afresh, and the client is no offender for it.
            return decided with { IsPerTransaction = true };
        }

        _verdict = decided;
        if (_verdict is { Action: VerdictAction.Relay, IsCacheable: true })
        {
            _pipeline.Cache.RememberPass(Subject.Client);
        }

        if (_verdict.Action is VerdictAction.Reject or VerdictAction.Drop or VerdictAction.TempFail)
        {
            Settle();
        }

        return _verdict;
    }

    /// <summary>The session is over: stop its lookups (shared, coalesced ones go on for other sessions).</summary>
    public void Dispose()
    {
        if (!_settled)
        {
            _cancellation.Cancel();
            _cancellation.Dispose();
        }
    }

    /// <summary>
    /// A refusal is final: nothing here is asked again, and thousands of refused sessions may sit in the
    /// tarpit, so the running checks and their lookups go now. (A relayed session keeps them: the relay
    /// may still wait for the reverse name it passes on.)
    /// </summary>
    private void Settle()
    {
        _settled = true;
        _cancellation.Cancel();
        _cancellation.Dispose();
        lock (_gate)
        {
            _running.Clear();
            _running.Capacity = 0;
            _observed = null;
        }
    }

    private bool IsAllowlisted()
    {
        lock (_gate)
        {
            return _running.Exists(r => r.Result.IsCompletedSuccessfully && r.Result.Result.Outcome == CheckOutcome.Allowlisted);
        }
    }

    private List<CheckResult> Completed() =>
        [.. _running.Where(r => r.Result.IsCompletedSuccessfully).Select(r => r.Result.Result), .. _observed ?? []];

    private void Restart(CheckStage stage, IReadOnlyList<ISessionCheck> checks)
    {
        lock (_gate)
        {
            _running.RemoveAll(r => r.Check.Stage == stage);
        }

        Start(checks);
    }

    private void Start(IReadOnlyList<ISessionCheck> checks)
    {
        foreach (ISessionCheck check in checks)
        {
            Task<CheckResult> result = RunGuardedAsync(check);
            lock (_gate)
            {
                _running.Add((check, result));
            }
        }
    }

    private async Task<CheckResult> RunGuardedAsync(ISessionCheck check)
    {
        try
        {
            CheckResult result = await check.RunAsync(Subject, _cancellation.Token);
            if (result is { Outcome: CheckOutcome.Fail, Action: CheckAction.Drop })
            {
                lock (_gate)
                {
                    _dropping ??= result;
                }

                DropRequested?.Invoke();
            }

            return result;
        }
        catch (OperationCanceledException)
        {
            return CheckResult.TemporaryFailure(check.Name, "cancelled");
        }
        catch (Exception e)
        {
            // A bug in one check must not take the session, or the daemon, down with it.
            CheckPipeline.LogCheckCrashed(_pipeline.Logger, check.Name, Subject.Client, e);
            return CheckResult.TemporaryFailure(check.Name, "internal error");
        }
    }
}
