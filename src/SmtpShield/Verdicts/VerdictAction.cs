namespace SmtpShield.Verdicts;

/// <summary>What happens to a session: decided at its first RCPT TO (Drop as soon as it is known).</summary>
internal enum VerdictAction : byte
{
    /// <summary>Hand the session to the backend MTA.</summary>
    Relay,

    /// <summary>Suspicious but below the reject threshold: slowed down (the Waves issue), then relayed.</summary>
    Tarpit,

    /// <summary>5xx at RCPT TO, 503 afterwards; the offence may be recorded.</summary>
    Reject,

    /// <summary>521 at once and close: for checks configured with the Drop action.</summary>
    Drop,

    /// <summary>4xx: the evidence could not be gathered (DNS down) and the policy says not to fail open.</summary>
    TempFail,
}
