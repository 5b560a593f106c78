using System.Net;
using System.Text;
using System.Text.Json;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>
/// /api/v1/blocklist against the real daemon: additions answer with the entry, removals with 204 or a
/// 404 that says what covers the network instead, flushes with a count, lists newest first with filters
/// and pages. Addresses are TEST-NET ones (RFC 5737, RFC 3849): loopback may never be blocked.
/// </summary>
public sealed class BlocklistApiTests
{
    [Fact]
    public async Task Addition_Answers201WithTheEntryAndWhereItLives()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", """{"network": "198.51.100.0/24", "ttl": "01:00:00", "reason": "spam run"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/blocklist/198.51.100.0%2F24", response.Headers.Location?.OriginalString);
        JsonElement entry = await response.JsonAsync();
        Assert.Equal("198.51.100.0/24", entry.GetProperty("network").GetString());
        Assert.Equal("spam run", entry.GetProperty("reason").GetString());
        Assert.Equal("admin", entry.GetProperty("source").GetString());
        Assert.Equal(3600, entry.GetProperty("remaining_seconds").GetInt64());
        Assert.Equal(0, entry.GetProperty("hits").GetInt64());
        Assert.Equal(1, entry.GetProperty("offences").GetInt32());
        DateTime created = entry.GetProperty("created").GetDateTime();
        Assert.Equal(created.AddHours(1), entry.GetProperty("expires").GetDateTime());
        Assert.Equal(DateTimeKind.Utc, created.Kind);
    }

    [Theory]
    [InlineData("""{"network": "192.0.2.7"}""", 86400L)]
    [InlineData("""{"network": "192.0.2.7", "ttl": null}""", 86400L)]
    [InlineData("""{"network": "192.0.2.7", "ttl": 90}""", 90L)]
    [InlineData("""{"network": "192.0.2.7", "ttl": "10m"}""", 600L)]
    [InlineData("""{"network": "192.0.2.7", "ttl": "1d12h"}""", 129600L)]
    [InlineData("""{"network": "192.0.2.7", "permanent": true}""", null)]
    [InlineData("""{"network": "192.0.2.7", "ttl": "permanent"}""", null)]
    public async Task Ttl_IsSecondsADurationOrPermanent_AndAdminDefaultTtlWhenLeftOut(string body, long? remaining)
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonElement entry = await response.JsonAsync();
        if (remaining is null)
        {
            Assert.Equal(JsonValueKind.Null, entry.GetProperty("expires").ValueKind);
            Assert.Equal(JsonValueKind.Null, entry.GetProperty("remaining_seconds").ValueKind);
        }
        else
        {
            Assert.Equal(remaining, entry.GetProperty("remaining_seconds").GetInt64());
        }
    }

    [Fact]
    public async Task AddingTheSameNetworkAgain_ReplacesItWith200()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);
        await http.BlockAsync("192.0.2.7", """, "ttl": "1h", "reason": "first" """);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", """{"network": "192.0.2.7", "ttl": "2h", "reason": "second"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement entry = await response.JsonAsync();
        Assert.Equal("second", entry.GetProperty("reason").GetString());
        Assert.Equal(7200, entry.GetProperty("remaining_seconds").GetInt64());
        Assert.Equal(["192.0.2.7"], await http.NetworksAsync());
    }

    [Fact]
    public async Task PrefixInsideABlockedPrefix_Gets409NamingTheWiderOne()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);
        await http.BlockAsync("198.51.100.0/24", """, "reason": "hoster" """);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", """{"network": "198.51.100.128/25"}""");

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("198.51.100.128/25 is already blocked by 198.51.100.0/24 (hoster)", problem.GetProperty("detail").GetString());
        Assert.Equal("198.51.100.0/24", problem.GetProperty("covered_by").GetString());
        Assert.Equal(["198.51.100.0/24"], await http.NetworksAsync());
    }

    [Fact]
    public async Task WiderPrefix_ReplacesTheNarrowerOnesAndSaysWhich()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);
        await http.BlockAsync("198.51.100.0/26");
        await http.BlockAsync("198.51.100.128/25");

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist", """{"network": "198.51.100.0/24"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["198.51.100.0/26", "198.51.100.128/25"],
            (await response.JsonAsync()).GetProperty("absorbed").EnumerateArray().Select(n => n.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["198.51.100.0/24"], await http.NetworksAsync());
    }

    [Theory]
    [InlineData("/api/v1/blocklist/198.51.100.0%2F24")]
    [InlineData("/api/v1/blocklist/198.51.100.0/24")]
    [InlineData("/api/v1/blocklist?network=198.51.100.0%2F24")]
    [InlineData("/api/v1/blocklist/2001:db8::%2F48")]
    public async Task Removal_Answers204_ThenTheNetworkIsNotListed(string path)
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);
        await http.BlockAsync("198.51.100.0/24");
        await http.BlockAsync("2001:db8::/48");
        string network = path.Contains("2001", StringComparison.Ordinal) ? "2001:db8::/48" : "198.51.100.0/24";

        using HttpResponseMessage removed = await http.DeleteAsync(path);
        using HttpResponseMessage again = await http.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        JsonElement problem = await again.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal($"{network} is not listed", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(network, await http.NetworksAsync());
    }

    [Theory]
    [InlineData("192.0.2.0/24", "/api/v1/blocklist/192.0.2.7", "192.0.2.7 is not listed itself; it is covered by 192.0.2.0/24", "192.0.2.0/24")]
    [InlineData("192.0.2.9 192.0.2.7", "/api/v1/blocklist/192.0.2.0%2F24", "192.0.2.0/24 is not listed itself; 2 listed entries lie inside it: 192.0.2.7, 192.0.2.9", null)]
    [InlineData("198.51.100.0/24", "/api/v1/blocklist?network=192.0.2.7", "192.0.2.7 is not listed", null)]
    public async Task RemovingWhatIsNotListedItself_Gets404SayingWhatIsListedThere(string blocked, string path, string detail, string? coveredBy)
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);
        foreach (string network in blocked.Split(' '))
        {
            await http.BlockAsync(network);
        }

        using HttpResponseMessage response = await http.DeleteAsync(path);

        JsonElement problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(coveredBy, problem.TryGetProperty("covered_by", out JsonElement covered) ? covered.GetString() : null);
        Assert.Equal(blocked.Split(' ').Length, (await http.NetworksAsync()).Length);
    }

    [Fact]
    public async Task FlushWithASource_RemovesOnlyThatSourcesEntries()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Blocklist:Static:0", "203.0.113.0/24"));
        using HttpClient http = AdminHttp.For(daemon);
        await http.BlockAsync("192.0.2.7");
        await http.BlockAsync("198.51.100.0/24");

        using HttpResponseMessage admin = await http.DeleteAsync("/api/v1/blocklist?all=true&source=admin");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal("""{"removed":2}""", await admin.Content.ReadAsStringAsync());
        Assert.Equal(["203.0.113.0/24"], await http.NetworksAsync());

        using HttpResponseMessage all = await http.DeleteAsync("/api/v1/blocklist?all=true");
        Assert.Equal("""{"removed":1}""", await all.Content.ReadAsStringAsync());
        Assert.Empty(await http.NetworksAsync());
    }

    [Fact]
    public async Task List_IsNewestFirstInPagesWithTheTotal()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);
        string[] added = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"];
        foreach (string network in added)
        {
            await http.BlockAsync(network);
        }

        using HttpResponseMessage first = await http.GetAsync("/api/v1/blocklist?limit=2");
        JsonElement page = await first.JsonAsync();

        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("limit").GetInt32());
        Assert.Equal(["192.0.2.5", "192.0.2.4"], await http.NetworksAsync("?limit=2"));
        Assert.Equal(["192.0.2.3", "192.0.2.2"], await http.NetworksAsync("?limit=2&offset=2"));
        Assert.Equal(["192.0.2.1"], await http.NetworksAsync("?limit=2&offset=4"));
        Assert.Empty(await http.NetworksAsync("?offset=5"));
        Assert.Equal(Enumerable.Reverse(added), await http.NetworksAsync());
    }

    [Fact]
    public async Task ListFilters_SelectBySourceCoveringAndExactNetwork()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Blocklist:Static:0", "203.0.113.0/24"));
        using HttpClient http = AdminHttp.For(daemon);
        await http.BlockAsync("192.0.2.0/24");
        await http.BlockAsync("192.0.2.7");
        await http.BlockAsync("2001:db8::/48");

        Assert.Equal(["203.0.113.0/24"], await http.NetworksAsync("?source=config"));
        Assert.Equal(["2001:db8::/48", "192.0.2.7", "192.0.2.0/24"], await http.NetworksAsync("?source=admin"));
        Assert.Equal(["192.0.2.7", "192.0.2.0/24"], await http.NetworksAsync("?contains=192.0.2.7"));
        Assert.Equal(["192.0.2.0/24"], await http.NetworksAsync("?contains=192.0.2.8"));
        Assert.Equal(["2001:db8::/48"], await http.NetworksAsync("?contains=2001:db8::25"));
        Assert.Empty(await http.NetworksAsync("?contains=198.51.100.7"));
        Assert.Equal(["192.0.2.0/24"], await http.NetworksAsync("?network=192.0.2.0%2F24"));
        Assert.Empty(await http.NetworksAsync("?network=192.0.2.0%2F25"));
        Assert.Empty(await http.NetworksAsync("?source=reject"));
    }

    [Fact]
    public async Task Show_AnswersTheEntryOr404()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);
        await http.BlockAsync("192.0.2.0/24");

        using HttpResponseMessage listed = await http.GetAsync("/api/v1/blocklist/192.0.2.0%2F24");
        using HttpResponseMessage covered = await http.GetAsync("/api/v1/blocklist/192.0.2.7");

        Assert.Equal("192.0.2.0/24", (await listed.JsonAsync()).GetProperty("network").GetString());
        Assert.Equal("192.0.2.0/24", (await covered.ProblemAsync(HttpStatusCode.NotFound)).GetProperty("covered_by").GetString());
    }

    [Fact]
    public async Task ImportOfTextLines_ReportsEveryLineAndBlocksTheGoodOnes()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);
        await http.BlockAsync("198.51.100.0/24");
        const string Lines = """
            # drop list, 2026-11-22
            192.0.2.7
            192.0.2.300

            192.0.2.5/24      ; a typo
            127.0.0.9         # loopback: never
            198.51.100.128/25
            2001:db8::/48
            192.0.2.7
            """;

        using HttpResponseMessage response = await http.PostAsync(
            new Uri("/api/v1/blocklist/import?ttl=2d&reason=drop%20list", UriKind.Relative), new StringContent(Lines, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement report = await response.JsonAsync();
        Assert.Equal((2, 1, 1, 1, 2), (report.GetProperty("added").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("covered").GetInt32(),
            report.GetProperty("protected").GetInt32(), report.GetProperty("invalid").GetInt32()));
        Assert.Equal(
            [
                "2 192.0.2.7 added",
                "3 192.0.2.300 invalid 192.0.2.300 is not an address",
                "5 192.0.2.5/24 invalid 192.0.2.5/24 has host bits set; did you mean 192.0.2.0/24?",
                "6 127.0.0.9 protected 127.0.0.9 is protected: loopback",
                "7 198.51.100.128/25 covered 198.51.100.128/25 is already blocked by 198.51.100.0/24 (added by an administrator)",
                "8 2001:db8::/48 added",
                "9 192.0.2.7 updated",
            ],
            report.GetProperty("results").EnumerateArray().Select(r =>
                $"{r.GetProperty("line").GetInt32()} {r.GetProperty("network").GetString()} {r.GetProperty("result").GetString()} {r.GetProperty("detail").GetString()}".TrimEnd()));

        using HttpResponseMessage listed = await http.GetAsync("/api/v1/blocklist?network=2001:db8::%2F48");
        JsonElement entry = Assert.Single((await listed.JsonAsync()).GetProperty("entries").EnumerateArray());
        Assert.Equal("drop list", entry.GetProperty("reason").GetString());
        Assert.Equal(172800, entry.GetProperty("remaining_seconds").GetInt64());
    }

    [Fact]
    public async Task ImportOfAJsonArray_TakesAddressesAndBlockObjects()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);

        using HttpResponseMessage response = await http.PostJsonAsync("/api/v1/blocklist/import",
            """["192.0.2.7", {"network": "198.51.100.0/24", "permanent": true, "reason": "hoster"}, {"network": "192.0.2.8", "ttl": "soon"}, 42]""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement results = (await response.JsonAsync()).GetProperty("results");
        Assert.Equal(["added", "added", "invalid", "invalid"], results.EnumerateArray().Select(r => r.GetProperty("result").GetString()));
        Assert.Equal("ttl: 'soon' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)", results[2].GetProperty("detail").GetString());
        Assert.Equal("must be an address as a string, or an object like a block request", results[3].GetProperty("detail").GetString());
        using HttpResponseMessage hoster = await http.GetAsync("/api/v1/blocklist/198.51.100.0%2F24");
        JsonElement entry = await hoster.JsonAsync();
        Assert.Equal("hoster", entry.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("expires").ValueKind);
    }

    [Theory]
    [InlineData("?ttl=0", "ttl")]
    [InlineData("?ttl=1h&permanent=true", "permanent")]
    [InlineData("?reasn=x", "reasn")]
    public async Task ImportWithABadQuery_Gets400AndBlocksNothing(string query, string parameter)
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using HttpClient http = AdminHttp.For(daemon);

        using HttpResponseMessage response = await http.PostAsync(
            new Uri("/api/v1/blocklist/import" + query, UriKind.Relative), new StringContent("192.0.2.7\n", Encoding.UTF8, "text/plain"));

        Assert.True((await response.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(parameter, out _));
        Assert.Empty(await http.NetworksAsync());
    }
}
