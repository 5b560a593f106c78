namespace SmtpShield.Callouts;

/// <summary>The domain of a sender address (local@domain), as the callout policy, limits and cache key it.</summary>
internal static class SenderAddress
{
    /// <summary>Lower-case, without a trailing dot; empty when there is no "@" or nothing after it.</summary>
    public static string DomainOf(string address)
    {
        int at = address.LastIndexOf('@');
        return at < 0 ? string.Empty : address[(at + 1)..].TrimEnd('.').ToLowerInvariant();
    }
}
