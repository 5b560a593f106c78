namespace SmtpShield.Admin;

/// <summary>
/// A text/plain import: one address or prefix per line; "#" and ";" start a comment (";" so that
/// Spamhaus' DROP list imports as published); blank lines are skipped. Line numbers are 1-based. Pure.
/// </summary>
internal static class ImportLines
{
    public static IEnumerable<(int Line, string Text)> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int number = 0;
        foreach (string line in text.Split('\n'))
        {
            number++;
            int comment = line.IndexOfAny(['#', ';']);
            string value = (comment < 0 ? line : line[..comment]).Trim();
            if (value.Length > 0)
            {
                yield return (number, value);
            }
        }
    }
}
