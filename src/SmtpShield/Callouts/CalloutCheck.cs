using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Checks;

namespace SmtpShield.Callouts;

/// <summary>
/// The sender-verification check: at MAIL FROM, for a sender whose domain Callouts:Domains covers, a
/// callout (<see cref="CalloutClient"/>) runs beside the dialogue and its result joins the evidence at RCPT
/// TO. A refused sender fails the check (550 5.1.7 at RCPT when Callouts:Reject) and adds
/// Callouts:Weight; an accepted or unknown one adds nothing: a callee that greylists, tarpits or is down
/// says nothing about the sender. Results come from <see cref="CalloutCache"/> when it remembers them.
/// </summary>
internal sealed partial class CalloutCheck(
    CalloutClient client,
    CalloutCache cache,
    CalloutTargetGuard guard,
    CalloutMetrics metrics,
    IOptions<CalloutOptions> options,
    TimeProvider time,
    ILogger<CalloutCheck> logger)
    : ISessionCheck
{
    public const string CheckName = "callout";

    // One callout per address at a time: a wave from one forged sender costs the callee one probe.
    private readonly ConcurrentDictionary<string, Task<CalloutResult>> _inFlight = new(StringComparer.OrdinalIgnoreCase);

    private readonly CalloutOptions _options = options.Value;
    private readonly CalloutDomains _domains = new(options.Value.Domains);
    private readonly CalloutLimits _limits = new(options.Value, time);

    public string Name => CheckName;

    public CheckStage Stage => CheckStage.Mail;

    public bool IsEnabled => _options.Enabled;

    public async ValueTask<CheckResult> RunAsync(CheckSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        string? sender = subject.Sender;
        if (string.IsNullOrEmpty(sender) || !_domains.Covers(sender))
        {
            return CheckResult.Pass(CheckName);
        }

        if (Interlocked.Increment(ref subject.Callouts) > _options.MaxPerSession)
        {
            LogSkipped(subject.Client, sender, _options.MaxPerSession);
            metrics.Done(CalloutOutcome.Unknown, "skipped", TimeSpan.Zero);
            return CheckResult.Pass(CheckName, 0, $"no callout for <{sender}>: {_options.MaxPerSession} already in this session");
        }

        long started = time.GetTimestamp();
        CalloutResult result = cache.Find(sender) ?? await SharedCalloutAsync(sender).WaitAsync(cancellationToken);
        TimeSpan took = time.GetElapsedTime(started);
        string source = result.FromCache ? "cache" : result.Skipped ? "skipped" : "asked";
        LogCallout(subject.Client, sender, result.Outcome.ToString().ToLowerInvariant(), source, took.TotalMilliseconds, result.Detail);
        metrics.Done(result.Outcome, source, took);
        return result.Outcome switch
        {
            CalloutOutcome.Rejected => new CheckResult(
                CheckName, _options.Reject ? CheckOutcome.Fail : CheckOutcome.Pass, _options.Weight, $"<{sender}>: {result.Detail}"),
            CalloutOutcome.Accepted => CheckResult.Pass(CheckName, 0, $"<{sender}> verified by {result.Host}"),
            _ => CheckResult.Pass(CheckName, 0, $"<{sender}> not verified: {result.Detail}"),
        };
    }

    // Not the session's token: other sessions may wait for the same callout, and Callouts:Deadline bounds it.
    private Task<CalloutResult> SharedCalloutAsync(string sender)
    {
        var started = new TaskCompletionSource<CalloutResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<CalloutResult> running = _inFlight.GetOrAdd(sender, started.Task);
        if (running == started.Task)
        {
            _ = RunSharedAsync(sender, started);
        }

        return running;
    }

    private async Task RunSharedAsync(string sender, TaskCompletionSource<CalloutResult> done)
    {
        string domain = SenderAddress.DomainOf(sender);
        if (_limits.TryStart(domain) is { } refusal)
        {
            _inFlight.TryRemove(sender, out _);
            done.SetResult(CalloutResult.Unknown($"no callout: {refusal}") with { Skipped = true });
            return;
        }

        try
        {
            CalloutResult result = await client.VerifyAsync(sender, guard.Refuses, CancellationToken.None);
            cache.Remember(sender, result);
            done.SetResult(result);
        }
        catch (Exception e)
        {
            done.SetResult(CalloutResult.Unknown($"callout failed: {e.Message}"));
        }
        finally
        {
            _limits.Finish(domain);
            _inFlight.TryRemove(sender, out _);
        }
    }

    [LoggerMessage(90, LogLevel.Information, "CALLOUT [{Client}] <{Sender}>: {Outcome} ({Source}) in {Milliseconds:0} ms: {Detail}")]
    private partial void LogCallout(IPAddress client, string sender, string outcome, string source, double milliseconds, string detail);

    [LoggerMessage(91, LogLevel.Information, "CALLOUT [{Client}] <{Sender}>: skipped, Callouts:MaxPerSession ({Limit}) reached")]
    private partial void LogSkipped(IPAddress client, string sender, int limit);
}
