using System.Net;
using System.Net.Http.Headers;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>
/// The API answers only to "Authorization: Bearer &lt;the token in Admin:TokenFile&gt;"; anything else gets
/// 401 with a WWW-Authenticate challenge (RFC 6750 §3) and no data. /healthz needs no token.
/// </summary>
public sealed class AdminAuthenticationTests(RunningDaemon running) : IClassFixture<RunningDaemon>
{
    private const string Challenge = "Bearer realm=\"smtpshield\"";

    [Theory]
    [InlineData(null, Challenge)]
    [InlineData("Bearer not-the-token", Challenge + ", error=\"invalid_token\"")]
    [InlineData("Bearer ", Challenge)]
    [InlineData("Basic YWRtaW46YWRtaW4=", Challenge)]
    public async Task RequestWithoutTheToken_Gets401WithABearerChallenge(string? authorization, string challenge)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{running.Daemon.AdminEndPoint}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/blocklist");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using HttpResponseMessage response = await http.SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(challenge, string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString())));
        Assert.DoesNotContain("entries", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTokenWithOneCharacterMore_IsRefused()
    {
        string token = File.ReadAllText(AdminHttp.TokenFile(running.Daemon)).Trim();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{running.Daemon.AdminEndPoint}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", """{"network": "192.0.2.7"}""");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        using HttpClient admin = AdminHttp.For(running.Daemon);
        Assert.Empty(await admin.NetworksAsync());
    }

    [Fact]
    public async Task TheTokenFromTheTokenFile_IsAccepted()
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.GetAsync("/api/v1/blocklist");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"total":0,"offset":0,"limit":100,"entries":[]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_NeedsNoToken()
    {
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.GetAsync(new Uri($"http://{running.Daemon.AdminEndPoint}/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
