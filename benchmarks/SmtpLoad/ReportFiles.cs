using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmtpLoad;

/// <summary>Where results go besides the console: one JSON document per run, one markdown row appended to a table.</summary>
internal static class ReportFiles
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static void WriteJson(string? path, JsonObject result)
    {
        if (path is not null)
        {
            File.WriteAllText(path, result.ToJsonString(s_indented) + "\n");
        }
    }

    /// <summary>Appends <paramref name="row"/>, writing <paramref name="header"/> first when the file is new or empty.</summary>
    public static void AppendMarkdownRow(string? path, string header, string row)
    {
        if (path is null)
        {
            return;
        }

        bool isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
        File.AppendAllText(path, (isNew ? header + "\n" : string.Empty) + row + "\n");
    }
}
