using SmtpShield.IntegrationTests.Backends;

namespace SmtpShield.IntegrationTests.Relay;

/// <summary>Exim 4.96 (exim4-daemon-heavy) behind PROXY v2.</summary>
public sealed class EximRelayTests(EximRelayTests.Backend fixture) : RelayContractTests<EximRelayTests.Backend>(fixture)
{
    public sealed class Backend : RelayFixture
    {
        internal override async Task<IBackendMta> StartBackendAsync() => await EximBackend.StartAsync();
    }
}
