using SmtpShield.IntegrationTests.Backends;

namespace SmtpShield.IntegrationTests.Relay;

/// <summary>Exim 4.96 (exim4-daemon-heavy) behind PROXY v2.</summary>
public sealed class EximRelayTests(EximRelayTests.Backend fixture) : RelayContractTests<EximRelayTests.Backend>(fixture)
{
    [Fact]
    public async Task BackendRefusingAClientsHelo_AnswersThatClient_AndStaysInService()
    {
        await using DaemonUnderTest daemon = await Fixture.StartDaemonAsync(Fixture.Backend, allowClients: false, ("Relay:BreakAfterFailures", "2"));
        for (int i = 0; i < 4; i++)
        {
            // Exim refuses an underscore in a HELO name; SmtpShield takes any name and lets the backend judge it.
            await using SmtpTestClient bad = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
            await bad.ExpectAsync(250, "EHLO bad_name.client.test");
            await bad.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
            SmtpShield.Protocol.ParsedReply refused = await bad.CommandAsync($"RCPT TO:<alice@{Fixture.Backend.LocalDomain}>");
            Assert.True(refused.Code == 501, $"{refused}");
        }

        string id = RelayMessages.NewId();
        await using SmtpTestClient good = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        await good.ExpectAsync(250, "EHLO mx.client.test");
        await good.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        await good.ExpectAsync(250, $"RCPT TO:<alice@{Fixture.Backend.LocalDomain}>");
        await good.ExpectAsync(354, "DATA");
        await good.SendAsync($"X-Test-Id: {id}\r\n\r\nstill in service\r\n.\r\n");
        await good.ExpectAsync(250);
        await RelayMessages.WaitForAsync(Fixture.Backend, id);
    }

    public sealed class Backend : RelayFixture
    {
        internal override async Task<IBackendMta> StartBackendAsync() => await EximBackend.StartAsync();
    }
}
