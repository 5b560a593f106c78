using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SmtpShield.Checks.ReverseDns;

/// <summary>Scores the client's reverse DNS: missing, not forward-confirmed, or generic-looking.</summary>
internal sealed class ReverseDnsCheck(IOptions<ReverseDnsOptions> options) : ISessionCheck
{
    public const string CheckName = "rdns";

    // Patterns come from configuration: bound their run time so a bad one cannot stall a session.
    private static readonly TimeSpan s_patternTimeout = TimeSpan.FromMilliseconds(50);

    private readonly ReverseDnsOptions _options = options.Value;
    private readonly Regex[] _generic = [.. (options.Value.GenericPatterns.Count > 0 ? (IEnumerable<string>)options.Value.GenericPatterns : ReverseDnsOptions.DefaultGenericPatterns)
        .Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_patternTimeout))];

    public string Name => CheckName;

    public CheckStage Stage => CheckStage.Connect;

    public bool IsEnabled => _options.Enabled;

    public async ValueTask<CheckResult> RunAsync(CheckSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject.ReverseDns);
        ReverseDnsResult rdns = await subject.ReverseDns.WaitAsync(cancellationToken);
        CheckResult result = rdns.Status switch
        {
            ReverseDnsStatus.Missing => Scored(_options.MissingScore, "no PTR record"),
            ReverseDnsStatus.TemporaryError => CheckResult.TemporaryFailure(CheckName, "reverse DNS lookup failed temporarily"),
            ReverseDnsStatus.PermanentError => Scored(_options.MissingScore, "reverse DNS lookup failed"),
            ReverseDnsStatus.Unconfirmed => Scored(_options.UnconfirmedScore + GenericScore(rdns.AnyName), $"PTR {rdns.AnyName} does not resolve back to the client"),
            _ => IsGeneric(rdns.VerifiedName)
                ? Scored(_options.GenericNameScore, $"generic reverse name {rdns.VerifiedName}")
                : CheckResult.Pass(CheckName, 0, rdns.VerifiedName),
        };
        return result with { Action = _options.Action };
    }

    private double GenericScore(string? name) => IsGeneric(name) ? _options.GenericNameScore : 0;

    private bool IsGeneric(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (Regex pattern in _generic)
        {
            try
            {
                if (pattern.IsMatch(name))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological pattern/name pair: treat as no match rather than punish the client.
            }
        }

        return false;
    }

    private static CheckResult Scored(double score, string reason) => new(CheckName, CheckOutcome.Pass, score, reason);
}
