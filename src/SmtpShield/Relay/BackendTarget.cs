using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SmtpShield.Relay;

/// <summary>
/// A configured backend, ready to use: its parsed endpoint and identity mode, its circuit breaker (a
/// backend that keeps failing is skipped for a while instead of costing every session a timeout), and
/// the capabilities its last EHLO showed.
/// </summary>
internal sealed class BackendTarget
{
    private volatile BackendCapabilities? _capabilities;

    public BackendTarget(BackendOptions options, RelayOptions relay, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(relay);
        if (!BackendEndpoint.TryParse(options.Endpoint, out EndPoint endpoint) || !BackendOptions.TryParseIdentity(options.Identity, out BackendIdentity identity))
        {
            throw new ArgumentException($"invalid backend '{options.Endpoint}' ({options.Identity}); the validator should have refused it", nameof(options));
        }

        EndPoint = endpoint;
        Identity = identity;
        Name = string.IsNullOrWhiteSpace(options.Name) ? options.Endpoint.Trim() : options.Name.Trim();
        SourceAddress = options.SourceAddress is null ? null : IPAddress.Parse(options.SourceAddress);
        StartTls = options.StartTls;
        VerifyCertificate = options.VerifyCertificate;
        Connect = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = relay.ConnectTimeout })
            .Build();
        Breaker = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // "N failures in a row": every attempt in the window failed, and there were at least N.
                FailureRatio = 1.0,
                MinimumThroughput = relay.BreakAfterFailures,
                SamplingDuration = relay.BreakDuration,
                BreakDuration = relay.BreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<BackendException>(e => !e.IsClientCaused).Handle<TimeoutRejectedException>()
                    .Handle<System.Net.Sockets.SocketException>().Handle<IOException>()
                    .Handle<System.Security.Authentication.AuthenticationException>(),
            })
            .Build();
    }

    public string Name { get; }

    public EndPoint EndPoint { get; }

    public BackendIdentity Identity { get; }

    public IPAddress? SourceAddress { get; }

    public bool StartTls { get; }

    public bool VerifyCertificate { get; }

    /// <summary>Bounds the TCP connect (Relay:ConnectTimeout).</summary>
    public ResiliencePipeline Connect { get; }

    /// <summary>Wraps the whole backend greeting (connect, identity, EHLO): failures open the circuit.</summary>
    public ResiliencePipeline Breaker { get; }

    /// <summary>From the last successful EHLO, probe or handoff; null until one succeeded.</summary>
    public BackendCapabilities? Capabilities
    {
        get => _capabilities;
        set => _capabilities = value;
    }

    public override string ToString() => Name;
}
