namespace SmtpShield.Verdicts;

/// <summary>What happens to a session at its first RCPT TO.</summary>
internal enum VerdictAction : byte
{
    /// <summary>Hand the session to the backend MTA.</summary>
    Relay,

    /// <summary>5xx at RCPT TO, 503 afterwards; the offence may be recorded.</summary>
    Reject,

    /// <summary>4xx: the evidence could not be gathered (DNS down, backend down); the client retries.</summary>
    TempFail,
}
