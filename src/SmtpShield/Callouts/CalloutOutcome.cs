namespace SmtpShield.Callouts;

/// <summary>What a sender-verification callout found. Only <see cref="Rejected"/> is evidence against a sender.</summary>
internal enum CalloutOutcome
{
    /// <summary>The sender's mail server would accept mail to the address (2xx to RCPT TO).</summary>
    Accepted,

    /// <summary>It would not: 5xx to RCPT TO, or the domain accepts no mail at all (null MX, no such domain).</summary>
    Rejected,

    /// <summary>
    /// Nothing to go on: 4xx, a timeout, a refused connection, MAIL FROM:&lt;&gt; refused, a DNS failure,
    /// any error. Greylisting and tarpitting callees look like this, so it is never held against anyone.
    /// </summary>
    Unknown,
}
