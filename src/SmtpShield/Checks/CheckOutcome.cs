namespace SmtpShield.Checks;

/// <summary>A check's own conclusion, before the policy weighs it with the others.</summary>
internal enum CheckOutcome : byte
{
    /// <summary>Nothing wrong found (the score may still be non-zero, e.g. a small penalty).</summary>
    Pass,

    /// <summary>The check failed on its own terms (e.g. the DNSBL score reached Dnsbl:Threshold); its action applies.</summary>
    Fail,

    /// <summary>The client is vouched for (e.g. DNSWL score at or below Dnsbl:AllowlistThreshold): no further checks.</summary>
    Allowlisted,

    /// <summary>The evidence could not be gathered now (DNS timeout, SERVFAIL): 4xx material, never 5xx.</summary>
    TemporaryFailure,
}
