using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;

namespace SmtpShield.Callouts;

/// <summary>
/// A Polly circuit breaker per mail server: Callouts:BreakAfterFailures callouts in a row that could not
/// reach it, timed out or were cut off (a tarpitting or greylisting-by-delay callee) open its circuit for
/// Callouts:BreakDuration, and callouts skip it meanwhile instead of each waiting out its timeouts.
/// </summary>
internal sealed class HostBreakers(CalloutOptions options, TimeProvider time)
{
    // Hosts remembered at most; past it the table starts afresh (an open circuit is forgotten early, no worse).
    private const int MaxHosts = 10_000;

    private readonly ConcurrentDictionary<string, ResiliencePipeline<(CalloutResult Result, bool TryNext)>> _breakers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Runs <paramref name="ask"/> through <paramref name="host"/>'s breaker; when open, Unknown and on to the next host.</summary>
    public async Task<(CalloutResult Result, bool TryNext)> AskAsync(
        string host, Func<CancellationToken, Task<(CalloutResult, bool)>> ask, CancellationToken cancellationToken)
    {
        try
        {
            return await For(host).ExecuteAsync(async token => await ask(token), cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            return (CalloutResult.Unknown($"{host}: skipped, it failed {options.BreakAfterFailures} callouts in a row (circuit open)", host), true);
        }
    }

    private ResiliencePipeline<(CalloutResult Result, bool TryNext)> For(string host)
    {
        if (_breakers.Count >= MaxHosts && !_breakers.ContainsKey(host))
        {
            _breakers.Clear();
        }

        return _breakers.GetOrAdd(host, _ => new ResiliencePipelineBuilder<(CalloutResult Result, bool TryNext)> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<(CalloutResult Result, bool TryNext)>
            {
                // "N failures in a row": every attempt in the window failed, and there were at least N.
                FailureRatio = 1.0,
                MinimumThroughput = options.BreakAfterFailures,
                SamplingDuration = options.BreakDuration,
                BreakDuration = options.BreakDuration,
                // A callout cut off by its deadline (a tarpitting host) is the host's failure too.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is OperationCanceledException or TimeoutException || args.Outcome.Result.Result?.HostFailed == true),
            })
            .Build());
    }
}
