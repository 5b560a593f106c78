using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmtpShield.Protocol;
using SmtpShield.Relay;

namespace SmtpShield.IntegrationTests.Relay;

/// <summary>
/// Backends in order, the circuit breaker, the splice's own limits and the per-backend accounting, with
/// a real Postfix (XCLIENT) as the backend that works and a closed port as the one that does not.
/// </summary>
public sealed class RelayResilienceTests(PostfixXclientRelayTests.Backend fixture) : IClassFixture<PostfixXclientRelayTests.Backend>
{
    private string Alice => $"alice@{fixture.Backend.LocalDomain}";

    [Fact]
    public async Task FirstBackendDown_TheNextOneServes_AndAfterRepeatedFailuresItIsSkipped()
    {
        var log = new LogCapture();
        await using DaemonUnderTest daemon = await fixture.StartDaemonAsync(fixture.Backend, services => services.AddSingleton<ILoggerProvider>(log),
            ("Relay:Backends:0:Endpoint", DaemonUnderTest.UnreachableBackend),
            ("Relay:Backends:0:Name", "down"),
            ("Relay:Backends:1:Endpoint", fixture.Backend.EndPoint.ToString()),
            ("Relay:Backends:1:Identity", "xclient"),
            ("Relay:BreakAfterFailures", "3"),
            ("Relay:BreakDuration", "00:01:00"),
            ("Logging:LogLevel:SmtpShield.Relay", "Information"));

        for (int i = 0; i < 5; i++)
        {
            string id = RelayMessages.NewId();
            await SendAsync(daemon, id);
            await RelayMessages.WaitForAsync(fixture.Backend, id);
        }

        Assert.Equal(3, log.Lines.Count(line => line.Contains("backend down failed: ", StringComparison.Ordinal)));
        Assert.Contains(log.Lines, line => line.Contains("backend down skipped: circuit open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnixSocketBackend_WithXclient_DeliversWithTheClientsAddress()
    {
        var postfix = (Backends.PostfixBackend)fixture.Backend;
        await using DaemonUnderTest daemon = await fixture.StartDaemonAsync(fixture.Backend, allowClients: false,
            ("Relay:Backends:0:Endpoint", "unix:" + postfix.UnixSocketPath));
        string id = RelayMessages.NewId();
        await SendAsync(daemon, id);
        IReadOnlyList<string> received = RelayMessages.ReceivedHeaders(await RelayMessages.WaitForAsync(fixture.Backend, id));
        Assert.Contains("[127.77.", received[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SplicedSession_IdleTooLong_IsCut_AndTheBackendKeepsNothing()
    {
        await using DaemonUnderTest daemon = await fixture.StartDaemonAsync(fixture.Backend, allowClients: false, ("Relay:IdleTimeout", "00:00:01"));
        string id = RelayMessages.NewId();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "EHLO mx.client.test");
        await client.ExpectAsync(250, "MAIL FROM:<sender@client.test>");
        await client.ExpectAsync(250, $"RCPT TO:<{Alice}>");
        await client.ExpectAsync(354, "DATA");
        await client.SendAsync($"X-Test-Id: {id}\r\n\r\nthen silence\r\n");

        var clock = Stopwatch.StartNew();
        client.ReadTimeout = TimeSpan.FromSeconds(10);
        ParsedReply? reply = null;
        try
        {
            reply = await client.TryReadReplyAsync();
        }
        catch (IOException)
        {
            // A reset is a cut too.
        }

        Assert.Null(reply);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5));
        Assert.True(await RelayMessages.NeverArrivesAsync(fixture.Backend, id, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task SessionsAndBytes_AreCountedPerBackend()
    {
        await using DaemonUnderTest daemon = await fixture.StartDaemonAsync(fixture.Backend, allowClients: false, ("Relay:Backends:0:Name", "counted-postfix"));
        var handoffs = new List<string>();
        long fromClient = 0;
        long fromBackend = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RelayMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Dictionary<string, object?> tag = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (!Equals(tag.GetValueOrDefault("backend"), "counted-postfix"))
            {
                return;
            }

            lock (handoffs)
            {
                switch (instrument.Name)
                {
                    case "smtpshield.relay.handoffs":
                        handoffs.Add((string)tag["result"]!);
                        break;
                    case "smtpshield.relay.bytes" when Equals(tag["direction"], "from_client"):
                        fromClient += value;
                        break;
                    case "smtpshield.relay.bytes":
                        fromBackend += value;
                        break;
                }
            }
        });
        listener.Start();

        string id = RelayMessages.NewId();
        await SendAsync(daemon, id);
        await RelayMessages.WaitForAsync(fixture.Backend, id);
        for (int i = 0; i < 50 && Volatile.Read(ref fromBackend) == 0; i++)
        {
            await Task.Delay(100);
        }

        lock (handoffs)
        {
            Assert.Equal(["spliced"], handoffs);
            Assert.InRange(fromClient, 50, 200); // DATA, the ~50-octet message, QUIT
            Assert.InRange(fromBackend, 10, 1_000); // 354, 250, 221
        }
    }

    private async Task SendAsync(DaemonUnderTest daemon, string id)
    {
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, RelayFixture.NextClient());
        await client.ExpectAsync(250, "EHLO mx.client.test");
        await RelayMessages.DeliverAsync(client, Alice, id, "counted");
    }
}
