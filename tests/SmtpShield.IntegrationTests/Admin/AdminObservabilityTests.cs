using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmtpShield.Admin;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>
/// Every admin request is counted by route template, method and status (smtpshield.admin.requests), and
/// every change, refused or made, is one ADMIN log line naming the peer, as admins grep for them.
/// </summary>
public sealed class AdminObservabilityTests
{
    [Fact]
    public async Task EveryRequest_IsCountedByRouteMethodAndStatus()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        IMeterFactory meters = daemon.Services.GetRequiredService<IMeterFactory>();
        var counted = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this daemon's meter: other tests' daemons run in the same process.
            if (instrument.Meter.Name == AdminMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Dictionary<string, object?> tag = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            lock (counted)
            {
                counted.Add($"{instrument.Name} {tag["method"]} {tag["route"]} {tag["status"]} +{value}");
            }
        });
        listener.Start();
        using HttpClient http = AdminHttp.For(daemon);
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };

        (await http.PostJsonAsync("/api/v1/blocklist", """{"network": "192.0.2.7"}""")).Dispose();
        (await http.PostJsonAsync("/api/v1/blocklist", """{"network": "127.0.0.5"}""")).Dispose();
        (await http.DeleteAsync("/api/v1/blocklist/192.0.2.7")).Dispose();
        (await http.GetAsync("/api/v1/blocklist")).Dispose();
        (await anonymous.GetAsync(new Uri("/api/v1/blocklist", UriKind.Relative))).Dispose();
        (await http.GetAsync("/no/such/path")).Dispose();
        (await http.GetAsync("/healthz")).Dispose();

        lock (counted)
        {
            Assert.Equal(
                [
                    "smtpshield.admin.requests POST /api/v1/blocklist 201 +1",
                    "smtpshield.admin.requests POST /api/v1/blocklist 409 +1",
                    "smtpshield.admin.requests DELETE /api/v1/blocklist/{**network} 204 +1",
                    "smtpshield.admin.requests GET /api/v1/blocklist 200 +1",
                    "smtpshield.admin.requests GET /api/v1/blocklist 401 +1",
                    "smtpshield.admin.requests GET unmatched 404 +1",
                    "smtpshield.admin.requests GET /healthz 200 +1",
                ],
                counted);
        }
    }

    [Fact]
    public async Task Changes_AreLoggedInOneAdminLineEach()
    {
        var log = new LogCapture();
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(
            services => services.AddSingleton<ILoggerProvider>(log), ("Logging:LogLevel:SmtpShield.Admin", "Information"));
        using HttpClient http = AdminHttp.For(daemon);

        (await http.PostJsonAsync("/api/v1/blocklist", """{"network": "192.0.2.7", "ttl": "1h", "reason": "spam run"}""")).Dispose();
        (await http.PostJsonAsync("/api/v1/blocklist", """{"network": "127.0.0.5"}""")).Dispose();
        (await http.DeleteAsync("/api/v1/blocklist/192.0.2.7")).Dispose();
        (await http.DeleteAsync("/api/v1/blocklist?all=true&source=admin")).Dispose();
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
        (await anonymous.GetAsync(new Uri("/api/v1/blocklist", UriKind.Relative))).Dispose();

        string[] admin = [.. log.Lines.Where(l => l.Contains("ADMIN [", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\[127\.0\.0\.1\]:\d+", "[127.0.0.1]:PORT"))];
        Assert.Equal(
            [
                "Information: ADMIN [127.0.0.1]:PORT block 192.0.2.7 for 1h: added (spam run)",
                "Information: ADMIN [127.0.0.1]:PORT block 127.0.0.5 refused: 127.0.0.5 is protected: loopback",
                "Information: ADMIN [127.0.0.1]:PORT unblock 192.0.2.7: removed",
                "Information: ADMIN [127.0.0.1]:PORT flush source=admin: 0 entries removed",
                "Warning: ADMIN [127.0.0.1]:PORT GET /api/v1/blocklist refused: no bearer token",
            ],
            admin);
    }
}
