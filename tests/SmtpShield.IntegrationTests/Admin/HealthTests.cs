using System.Net;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>The admin listener answers liveness probes (systemd, Docker, Kubernetes) over plain HTTP/1.1.</summary>
public class HealthTests
{
    [Fact]
    public async Task Healthz_Returns200Ok()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        using HttpResponseMessage response = await http.GetAsync(new Uri($"http://{daemon.AdminEndPoint}/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Server"), "The admin API should not name its web server.");
    }
}
