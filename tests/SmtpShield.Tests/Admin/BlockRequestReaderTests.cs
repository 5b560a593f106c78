using System.Text;
using System.Text.Json;
using SmtpShield.Admin;

namespace SmtpShield.Tests.Admin;

/// <summary>A block request's JSON, field by field: what each good body means, and every error in a bad one.</summary>
public sealed class BlockRequestReaderTests
{
    private static readonly BlockDefaults s_defaults = new(TimeSpan.FromDays(1), "the default reason");

    [Theory]
    [InlineData("""{"network": "192.0.2.7"}""", "192.0.2.7", 86400.0, "the default reason")]
    [InlineData("""{"network": "192.0.2.7", "ttl": null, "reason": null, "permanent": null}""", "192.0.2.7", 86400.0, "the default reason")]
    [InlineData("""{"network": "192.0.2.7", "ttl": 90, "reason": " spam run "}""", "192.0.2.7", 90.0, "spam run")]
    [InlineData("""{"network": "198.51.100.0/24", "ttl": "2d", "reason": ""}""", "198.51.100.0/24", 172800.0, "the default reason")]
    [InlineData("""{"network": "2001:db8::/48", "permanent": true}""", "2001:db8::/48", null, "the default reason")]
    [InlineData("""{"network": "2001:db8::/48", "permanent": false, "ttl": "1h"}""", "2001:db8::/48", 3600.0, "the default reason")]
    [InlineData("""{"reason": "über-spam", "network": "192.0.2.7"}""", "192.0.2.7", 86400.0, "über-spam")]
    public void GoodBody_IsARequest(string body, string network, double? seconds, string reason)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        var errors = new Dictionary<string, string>();

        Assert.True(BlockRequestReader.TryRead(document.RootElement, s_defaults, errors, out BlockRequest? request), string.Join("; ", errors));

        Assert.Equal(network, request!.Network.ToString());
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), request.Ttl);
        Assert.Equal(reason, request.Reason);
    }

    [Theory]
    [InlineData("""{"network": "192.0.2.7", "reason": "x", "ttl": "1h", "colour": "blue", "size": 3}""", "colour=unknown field (known: network, ttl, permanent, reason)|size=unknown field (known: network, ttl, permanent, reason)")]
    [InlineData("""{"network": null}""", "network=must be a string such as \"192.0.2.7\"")]
    [InlineData("""{"network": "192.0.2.300", "ttl": [], "permanent": 1, "reason": 5}""", "network=192.0.2.300 is not an address|permanent=must be true or false|reason=must be a string|ttl=must be seconds or a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("""{"network": "192.0.2.7", "permanent": true, "ttl": 60}""", "permanent=give either a ttl or \"permanent\": true, not both")]
    [InlineData("""{"network": "192.0.2.7", "ttl": 1e3}""", "ttl=must be whole seconds (got 1e3)")]
    [InlineData("""{"network": "192.0.2.7", "ttl": 99999999999999999999}""", "ttl=must be whole seconds (got 99999999999999999999)")]
    [InlineData("""{"network": "192.0.2.7", "reason": "a\tb"}""", "reason=must be one line without control characters (it is quoted in the 521 reply)")]
    [InlineData("""{"network": "192.0.2.7", "network": "192.0.2.7"}""", "network=is given twice")]
    [InlineData("\"192.0.2.7\"", "body=must be a JSON object, e.g. {\"network\": \"192.0.2.7\", \"ttl\": \"1h\", \"reason\": \"spam run\"}")]
    public void BadBody_ReportsEveryErrorByField(string body, string expected)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        var errors = new Dictionary<string, string>();

        Assert.False(BlockRequestReader.TryRead(document.RootElement, s_defaults, errors, out BlockRequest? request));

        Assert.Null(request);
        Assert.Equal(expected, string.Join("|", errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")));
    }

    [Fact]
    public void LongReason_IsRefused()
    {
        Assert.False(BlockRequestReader.TryReadReason(new string('x', 201), "fallback", out _, out string error));
        Assert.Equal("is 201 characters long; at most 200", error);
        Assert.True(BlockRequestReader.TryReadReason(new string('x', 200), "fallback", out _, out _));
    }

    [Theory]
    [InlineData("{\"network\": ")]
    [InlineData("{'network': '192.0.2.7'}")]
    [InlineData("")]
    public void BodyThatIsNotJson_IsSaidToBeSo(string body)
    {
        Assert.False(BlockRequestReader.TryParseJson(Encoding.UTF8.GetBytes(body), out JsonDocument? document, out string error));
        Assert.Null(document);
        Assert.StartsWith("the body is not valid JSON: ", error, StringComparison.Ordinal);
    }
}
