using System.Net;
using System.Text.Json;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>
/// Bad input gets 400 with problem details that name the field at fault in an admin's words; nothing is
/// added, and nothing ever answers 500. Refusals by the blocklist itself (protected, covered) are 409.
/// </summary>
public sealed class BlocklistValidationTests(RunningDaemon running) : IClassFixture<RunningDaemon>
{
    [Theory]
    [InlineData("""{"network": "192.0.2.300"}""", "network", "192.0.2.300 is not an address")]
    [InlineData("""{"network": "192.0.2.5/24"}""", "network", "192.0.2.5/24 has host bits set; did you mean 192.0.2.0/24?")]
    [InlineData("""{"network": "192.0.2.0/33"}""", "network", "192.0.2.0/33: the prefix length must be a number from 0 to 32")]
    [InlineData("""{"network": "2001:db8::1/48"}""", "network", "2001:db8::1/48 has host bits set; did you mean 2001:db8::/48?")]
    [InlineData("""{"network": "192.0.2"}""", "network", "192.0.2 is not an address")]
    [InlineData("""{"network": 7}""", "network", "must be a string such as \"192.0.2.7\"")]
    [InlineData("""{"ttl": "1h"}""", "network", "is required (e.g. \"192.0.2.7\" or \"198.51.100.0/24\")")]
    [InlineData("""{"network": "192.0.2.7", "ttl": "-5m"}""", "ttl", "the ttl must be longer than zero (got '-5m'; e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("""{"network": "192.0.2.7", "ttl": 0}""", "ttl", "the ttl must be longer than zero (got '0 seconds'; e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("""{"network": "192.0.2.7", "ttl": "soon"}""", "ttl", "'soon' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("""{"network": "192.0.2.7", "ttl": "4000d"}""", "ttl", "a ttl of '4000d' is longer than the maximum of 3650d; use permanent for a block that never ends")]
    [InlineData("""{"network": "192.0.2.7", "ttl": "99999999999999999999w"}""", "ttl", "a ttl of '99999999999999999999w' is longer than the maximum of 3650d; use permanent for a block that never ends")]
    [InlineData("""{"network": "192.0.2.7", "ttl": -9223372036854775808}""", "ttl", "the ttl must be longer than zero (got '-9223372036854775808 seconds'; e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("""{"network": "192.0.2.7", "ttl": 1.5}""", "ttl", "must be whole seconds (got 1.5)")]
    [InlineData("""{"network": "192.0.2.7", "ttl": true}""", "ttl", "must be seconds or a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("""{"network": "192.0.2.7", "ttl": "1h", "permanent": true}""", "permanent", "give either a ttl or \"permanent\": true, not both")]
    [InlineData("""{"network": "192.0.2.7", "permanent": "yes"}""", "permanent", "must be true or false")]
    [InlineData("""{"network": "192.0.2.7", "reason": "spam\r\nQUIT"}""", "reason", "must be one line without control characters (it is quoted in the 521 reply)")]
    [InlineData("""{"network": "192.0.2.7", "colour": "blue"}""", "colour", "unknown field (known: network, ttl, permanent, reason)")]
    [InlineData("""{"network": "192.0.2.7", "network": "192.0.2.8"}""", "network", "is given twice")]
    [InlineData("""["192.0.2.7"]""", "body", "must be a JSON object, e.g. {\"network\": \"192.0.2.7\", \"ttl\": \"1h\", \"reason\": \"spam run\"}")]
    public async Task BadBlockRequest_Gets400NamingTheField(string body, string field, string error)
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", body);

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(error, problem.GetProperty("errors").GetProperty(field).GetString());
        Assert.Equal(error, problem.GetProperty("detail").GetString());
        Assert.Empty(await http.NetworksAsync());
    }

    [Theory]
    [InlineData("""{"network": "192.0.2.7" """)]
    [InlineData("network=192.0.2.7")]
    [InlineData("")]
    public async Task BodyThatIsNotJson_Gets400SayingSo(string body)
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", body);

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith("the body is not valid JSON: ", problem.GetProperty("errors").GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralMistakes_AreAllReportedAtOnce()
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", """{"network": "192.0.2.300", "ttl": "soon", "colour": "blue"}""");

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["colour", "network", "ttl"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith("3 errors: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?limit=0", "limit", "must be a whole number from 1 to 1000")]
    [InlineData("?limit=1001", "limit", "must be a whole number from 1 to 1000")]
    [InlineData("?offset=-1", "offset", "must be a whole number, 0 or more")]
    [InlineData("?source=spam", "source", "spam is not a source (reject, errors, limits, admin or config)")]
    [InlineData("?contains=192.0.2.300", "contains", "192.0.2.300 is not an address")]
    [InlineData("?sourse=admin", "sourse", "unknown query parameter (known: source, contains, network, limit, offset)")]
    [InlineData("?limit=5&limit=6", "limit", "is given more than once")]
    public async Task BadListQuery_Gets400NamingTheParameter(string query, string parameter, string error)
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.GetAsync("/api/v1/blocklist" + query);

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(error, problem.GetProperty("errors").GetProperty(parameter).GetString());
    }

    [Theory]
    [InlineData("/api/v1/blocklist", "network", "give network=… to remove one entry, or all=true[&source=…] to flush")]
    [InlineData("/api/v1/blocklist?source=admin", "all", "a flush needs all=true as well (DELETE /api/v1/blocklist?all=true&source=…)")]
    [InlineData("/api/v1/blocklist?all=true&network=192.0.2.7", "network", "give either network=… (one entry) or all=true[&source=…] (a flush), not both")]
    [InlineData("/api/v1/blocklist?all=yes", "all", "must be true or false")]
    [InlineData("/api/v1/blocklist/192.0.2.300", "network", "192.0.2.300 is not an address")]
    public async Task BadDelete_Gets400NamingTheParameter(string path, string parameter, string error)
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.DeleteAsync(path);

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(error, problem.GetProperty("errors").GetProperty(parameter).GetString());
    }

    [Theory]
    [InlineData("127.0.0.5", "127.0.0.5 is protected: loopback", "loopback")]
    [InlineData("::1", "::1 is protected: loopback", "loopback")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0 is protected: loopback (it overlaps 127.0.0.0/8)", "loopback")]
    public async Task ProtectedNetwork_Gets409NamingWhy(string network, string detail, string why)
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", $$"""{"network": "{{network}}"}""");

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(why, problem.GetProperty("protected_by").GetString());
        Assert.Equal("urn:smtpshield:problem:protected", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task UnknownPath_Gets404Problem()
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.GetAsync("/api/v2/blocklist");

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("there is no /api/v2/blocklist here; the blocklist API is under /api/v1/blocklist", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MethodThePathDoesNotTake_Gets405ProblemWithAllow()
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.PutAsync(new Uri("/api/v1/blocklist", UriKind.Relative), new StringContent("{}"));

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["DELETE", "GET", "POST"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal("/api/v1/blocklist does not take PUT (it takes DELETE, GET, POST)", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BodyAboveTheLimit_Gets413()
    {
        using HttpClient http = AdminHttp.For(running.Daemon);
        string reason = new('x', 20_000);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", $$"""{"network": "192.0.2.7", "reason": "{{reason}}"}""");

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ChunkedBodyAboveTheLimit_Gets413()
    {
        using HttpClient http = AdminHttp.For(running.Daemon);
        using var content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/blocklist/import") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using HttpResponseMessage response = await http.SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task BlockRequestThatIsNotJson_Gets415()
    {
        using HttpClient http = AdminHttp.For(running.Daemon);

        using HttpResponseMessage response = await http.PostAsync(new Uri("/api/v1/blocklist", UriKind.Relative), new StringContent("192.0.2.7"));

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("send the block as JSON, with Content-Type: application/json", problem.GetProperty("detail").GetString());
    }
}
