using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Checks.Access;
using SmtpShield.Checks.ReverseDns;
using SmtpShield.Verdicts;

namespace SmtpShield.Checks;

/// <summary>
/// The configured checks, by stage, and what every session's checks share: the access lists, the pass
/// cache, the reverse-DNS lookup and the policy. <see cref="Begin"/> gives a session its own run.
/// </summary>
internal sealed partial class CheckPipeline
{
    public CheckPipeline(
        IEnumerable<ISessionCheck> checks,
        AccessList access,
        IVerdictCache cache,
        ReverseDnsLookup reverseDns,
        IOptions<PolicyOptions> policy,
        TimeProvider time,
        ILogger<CheckPipeline> logger)
    {
        ISessionCheck[] all = [.. checks.Where(c => c.IsEnabled)];
        ConnectChecks = [.. all.Where(c => c.Stage == CheckStage.Connect)];
        HeloChecks = [.. all.Where(c => c.Stage == CheckStage.Helo)];
        MailChecks = [.. all.Where(c => c.Stage == CheckStage.Mail)];
        Access = access;
        Cache = cache;
        ReverseDns = reverseDns;
        Policy = policy.Value;
        Time = time;
        Logger = logger;
        NeedsReverseDns = all.Any(c => c.Name is ReverseDnsCheck.CheckName or Helo.HeloCheck.CheckName);
    }

    public IReadOnlyList<ISessionCheck> ConnectChecks { get; }

    public IReadOnlyList<ISessionCheck> HeloChecks { get; }

    public IReadOnlyList<ISessionCheck> MailChecks { get; }

    public AccessList Access { get; }

    public IVerdictCache Cache { get; }

    public ReverseDnsLookup ReverseDns { get; }

    public PolicyOptions Policy { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public bool NeedsReverseDns { get; }

    public SessionChecks Begin(IPAddress client, IPEndPoint local) => new(this, new CheckSubject(client, local));

    [LoggerMessage(40, LogLevel.Error, "CHECK {Check} failed unexpectedly for [{Client}]; counted as a temporary failure")]
    public static partial void LogCheckCrashed(ILogger logger, string check, IPAddress client, Exception exception);
}
