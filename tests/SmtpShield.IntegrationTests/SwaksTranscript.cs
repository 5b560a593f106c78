namespace SmtpShield.IntegrationTests;

/// <summary>
/// Turns swaks' output into the same "C: " / "S: " transcript as <see cref="Transcript"/>. swaks marks
/// client lines "-&gt;" (" ~&gt;" under TLS) and server lines "&lt;-" ("&lt;~" under TLS; "&lt;**" and "&lt;~*"
/// for a refusal); its "===" lines are notes, of which only "TLS started" is kept.
/// </summary>
internal static class SwaksTranscript
{
    public static string From(string output)
    {
        var lines = new List<string>();
        foreach (string line in output.Split('\n'))
        {
            string? converted = line switch
            {
                _ when line.StartsWith(" -> ", StringComparison.Ordinal) || line.StartsWith(" ~> ", StringComparison.Ordinal) => "C: " + line[4..],
                _ when line.StartsWith("<-  ", StringComparison.Ordinal) || line.StartsWith("<~  ", StringComparison.Ordinal) => "S: " + line[4..],
                _ when line.StartsWith("<** ", StringComparison.Ordinal) || line.StartsWith("<~* ", StringComparison.Ordinal) => "S: " + line[4..],
                _ when line.StartsWith("=== TLS started", StringComparison.Ordinal) => "-- TLS started",
                _ => null,
            };
            if (converted is not null)
            {
                lines.Add(converted.TrimEnd('\r'));
            }
        }

        return string.Join("\n", lines);
    }
}
