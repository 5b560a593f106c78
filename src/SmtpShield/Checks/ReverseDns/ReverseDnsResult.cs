namespace SmtpShield.Checks.ReverseDns;

/// <summary>The reverse DNS of a client: status, the verified name if any, and the PTR names seen.</summary>
internal sealed record ReverseDnsResult(ReverseDnsStatus Status, string? VerifiedName, IReadOnlyList<string> PtrNames)
{
    /// <summary>The name to show for the client: the verified one, else the first PTR name (unverified).</summary>
    public string? AnyName => VerifiedName ?? (PtrNames.Count > 0 ? PtrNames[0] : null);
}
