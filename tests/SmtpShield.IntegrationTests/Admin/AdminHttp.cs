using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmtpShield.Admin;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>
/// An HTTP client for a daemon's admin API as curl would be used: the daemon's own token file, JSON bodies
/// written out as text, replies read as JSON documents, so tests show the wire format an admin sees.
/// </summary>
internal static class AdminHttp
{
    /// <summary>A client for <paramref name="daemon"/>'s admin endpoint, with its token.</summary>
    public static HttpClient For(DaemonUnderTest daemon) =>
        For(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, daemon.AdminEndPoint, TokenFile(daemon));

    /// <summary>Points <paramref name="http"/> at <paramref name="endpoint"/> with the token in <paramref name="tokenFile"/>.</summary>
    public static HttpClient For(HttpClient http, IPEndPoint endpoint, string tokenFile)
    {
        http.BaseAddress = new Uri($"http://{endpoint}");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(tokenFile).Trim());
        return http;
    }

    public static string TokenFile(DaemonUnderTest daemon) =>
        daemon.Services.GetRequiredService<IOptions<AdminOptions>>().Value.TokenFile;

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, string json) =>
        http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> GetAsync(this HttpClient http, string path) => http.GetAsync(new Uri(path, UriKind.Relative));

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient http, string path) => http.DeleteAsync(new Uri(path, UriKind.Relative));

    /// <summary>Blocks <paramref name="network"/> and asserts it was added.</summary>
    public static async Task BlockAsync(this HttpClient http, string network, string extra = "")
    {
        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", $$"""{"network": "{{network}}"{{extra}}}""");
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {network}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The reply's JSON document.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 reply with <paramref name="status"/>, and returns the problem document.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.JsonAsync();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("urn:smtpshield:problem:", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>The networks a list reply holds, in its order.</summary>
    public static async Task<string[]> NetworksAsync(this HttpClient http, string query = "")
    {
        using HttpResponseMessage response = await http.GetAsync("/api/v1/blocklist" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement list = await response.JsonAsync();
        return [.. list.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("network").GetString()!)];
    }
}
