namespace SmtpShield.Checks;

/// <summary>When a check can start: as soon as its input exists (shared/ARCHITECTURE.md decision 3).</summary>
internal enum CheckStage : byte
{
    /// <summary>At accept: only the client address is known (access lists, DNSBL, reverse DNS).</summary>
    Connect,

    /// <summary>At HELO/EHLO: the greeting name is known.</summary>
    Helo,

    /// <summary>At MAIL FROM: the sender is known (callouts).</summary>
    Mail,
}
