using SmtpShield.IntegrationTests.Backends;

namespace SmtpShield.IntegrationTests.Relay;

/// <summary>Courier 1.0.16, which takes no identity: an untrusted source address and SmtpShield's own Received line.</summary>
public sealed class CourierRelayTests(CourierRelayTests.Backend fixture) : RelayContractTests<CourierRelayTests.Backend>(fixture)
{
    public sealed class Backend : RelayFixture
    {
        internal override async Task<IBackendMta> StartBackendAsync() => await CourierBackend.StartAsync();
    }
}
