using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmtpShield.Admin;

/// <summary>Source-generated JSON for the admin API (no reflection, so the daemon can be trimmed).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EntryDocument))]
[JsonSerializable(typeof(EntryListDocument))]
[JsonSerializable(typeof(BlockRequestDocument))]
[JsonSerializable(typeof(FlushDocument))]
[JsonSerializable(typeof(ImportDocument))]
[JsonSerializable(typeof(ProblemDocument))]
internal sealed partial class AdminJsonContext : JsonSerializerContext
{
    /// <summary>
    /// What the API writes and the CLI reads: never HTML, so "&lt;token&gt;" and "daemon's" stay as typed
    /// instead of \u003C and \u0027 (quotes and control characters are still escaped).
    /// </summary>
    public static AdminJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
