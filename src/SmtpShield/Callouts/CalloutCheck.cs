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
/// says nothing about the sender.
/// </summary>
internal sealed partial class CalloutCheck(
    CalloutClient client, OwnListeners ownListeners, IOptions<CalloutOptions> options, TimeProvider time, ILogger<CalloutCheck> logger) : ISessionCheck
{
    public const string CheckName = "callout";

    private readonly CalloutOptions _options = options.Value;
    private readonly CalloutDomains _domains = new(options.Value.Domains);

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
            return CheckResult.Pass(CheckName, 0, $"no callout for <{sender}>: {_options.MaxPerSession} already in this session");
        }

        long started = time.GetTimestamp();
        CalloutResult result = await client.VerifyAsync(sender, ownListeners.Contains, cancellationToken);
        LogCallout(subject.Client, sender, result.Outcome.ToString().ToLowerInvariant(), time.GetElapsedTime(started).TotalMilliseconds, result.Detail);
        return result.Outcome switch
        {
            CalloutOutcome.Rejected => new CheckResult(
                CheckName, _options.Reject ? CheckOutcome.Fail : CheckOutcome.Pass, _options.Weight, $"<{sender}>: {result.Detail}"),
            CalloutOutcome.Accepted => CheckResult.Pass(CheckName, 0, $"<{sender}> verified by {result.Host}"),
            _ => CheckResult.Pass(CheckName, 0, $"<{sender}> not verified: {result.Detail}"),
        };
    }

    [LoggerMessage(90, LogLevel.Information, "CALLOUT [{Client}] <{Sender}>: {Outcome} in {Milliseconds:0} ms: {Detail}")]
    private partial void LogCallout(IPAddress client, string sender, string outcome, double milliseconds, string detail);

    [LoggerMessage(91, LogLevel.Information, "CALLOUT [{Client}] <{Sender}>: skipped, Callouts:MaxPerSession ({Limit}) reached")]
    private partial void LogSkipped(IPAddress client, string sender, int limit);
}
