namespace SmtpShield.Callouts;

/// <summary>
/// A callout's outcome, with what to log: the reply or failure that decided it and the host that gave it.
/// <see cref="RefusesNullSender"/> marks a callee that refused MAIL FROM:&lt;&gt; (RFC 5321 §4.5.5 says it
/// must accept it), so callouts to its domain can be skipped for a while.
/// </summary>
internal sealed record CalloutResult(CalloutOutcome Outcome, string Detail, string? Host = null)
{
    public bool RefusesNullSender { get; init; }

    /// <summary>The callee accepted a random local part too (Callouts:ProbeRandom): the domain accepts every recipient.</summary>
    public bool AcceptsAnyRecipient { get; init; }

    /// <summary>The host could not be reached, timed out or broke off: counts towards its circuit breaker.</summary>
    public bool HostFailed { get; init; }

    /// <summary>Not asked: a limit (Callouts:MaxConcurrent and the like) held it back.</summary>
    public bool Skipped { get; init; }

    /// <summary>Taken from the cache, not asked now.</summary>
    public bool FromCache { get; init; }

    public static CalloutResult Unknown(string detail, string? host = null) => new(CalloutOutcome.Unknown, detail, host);

    public static CalloutResult Rejected(string detail, string? host = null) => new(CalloutOutcome.Rejected, detail, host);
}
