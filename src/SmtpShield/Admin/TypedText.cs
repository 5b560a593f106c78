namespace SmtpShield.Admin;

/// <summary>What an admin typed, echoed back in an error: short, and on one line whatever it held.</summary>
internal static class TypedText
{
    private const int MaxShownLength = 60;

    public static string Show(string text)
    {
        string printable = string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
        return printable.Length > MaxShownLength ? printable[..MaxShownLength] + "…" : printable;
    }
}
