using System.Text;

namespace SmtpShield.Admin.Cli;

/// <summary>
/// Columns aligned with two spaces between them, headers first, the way `ip`, `nft list` and `postqueue -p`
/// print for admins. The last column is not padded (so reasons can be long); numbers can be right-aligned.
/// Control characters in cells are shown as '?', so no cell can break the table's lines.
/// </summary>
internal sealed class TextTable(params TextColumn[] columns)
{
    private const string Gap = "  ";

    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"A row needs {columns.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add([.. cells.Select(c => string.Concat(c.Select(ch => char.IsControl(ch) ? '?' : ch)))]);
    }

    public override string ToString()
    {
        int[] widths = [.. columns.Select((c, i) => _rows.Select(r => r[i].Length).Append(c.Header.Length).Max())];
        var text = new StringBuilder();
        foreach (string[] row in _rows.Prepend([.. columns.Select(c => c.Header)]))
        {
            var line = new StringBuilder();
            for (int i = 0; i < columns.Length; i++)
            {
                bool last = i == columns.Length - 1;
                string cell = columns[i].RightAligned ? row[i].PadLeft(widths[i]) : last ? row[i] : row[i].PadRight(widths[i]);
                line.Append(cell).Append(last ? string.Empty : Gap);
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        return text.ToString();
    }
}

internal sealed record TextColumn(string Header, bool RightAligned = false);
