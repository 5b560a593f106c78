using System.Net;
using System.Text.Json;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>What the API adds is in the store, the source of truth: it outlives the daemon that added it.</summary>
public sealed class BlocklistPersistenceTests
{
    [Fact]
    public async Task AdditionThroughTheApi_SurvivesARestart()
    {
        using var state = new TempDirectory();
        await using (DaemonUnderTest first = await DaemonUnderTest.StartInAsync(state.Path))
        {
            using HttpClient http = AdminHttp.For(first);
            await http.BlockAsync("198.51.100.0/24", """, "ttl": "2d", "reason": "hoster" """);
            await http.BlockAsync("192.0.2.7", """, "permanent": true """);
            await http.BlockAsync("192.0.2.8");
            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/v1/blocklist/192.0.2.8")).StatusCode);
        }

        await using DaemonUnderTest second = await DaemonUnderTest.StartInAsync(state.Path);
        using HttpClient again = AdminHttp.For(second);
        using HttpResponseMessage response = await again.GetAsync("/api/v1/blocklist");

        JsonElement[] entries = [.. (await response.JsonAsync()).GetProperty("entries").EnumerateArray()];
        Assert.Equal(["192.0.2.7", "198.51.100.0/24"], entries.Select(e => e.GetProperty("network").GetString()).Order(StringComparer.Ordinal));
        JsonElement hoster = entries.Single(e => e.GetProperty("network").GetString() == "198.51.100.0/24");
        Assert.Equal("hoster", hoster.GetProperty("reason").GetString());
        Assert.InRange(hoster.GetProperty("remaining_seconds").GetInt64(), 172_700, 172_800);
        Assert.Equal(JsonValueKind.Null, entries.Single(e => e.GetProperty("network").GetString() == "192.0.2.7").GetProperty("expires").ValueKind);
    }
}
