namespace SmtpShield.Callouts;

/// <summary>Callouts:Domains, matched against a sender's domain (case-insensitive; a trailing dot ignored).</summary>
internal sealed class CalloutDomains
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _parents = [];
    private readonly bool _all;

    public CalloutDomains(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (string entry in entries.Select(e => e.Trim().TrimEnd('.')))
        {
            if (entry == "*")
            {
                _all = true;
            }
            else if (entry.StartsWith('.'))
            {
                _parents.Add(entry);
            }
            else if (entry.Length > 0)
            {
                _exact.Add(entry);
            }
        }
    }

    /// <summary>True when the domain of <paramref name="address"/> (local@domain) is to be verified.</summary>
    public bool Covers(string address)
    {
        string domain = SenderAddress.DomainOf(address);
        if (domain.Length == 0)
        {
            return false;
        }

        return _all || _exact.Contains(domain) || _parents.Exists(parent => domain.EndsWith(parent, StringComparison.OrdinalIgnoreCase));
    }
}
