namespace SmtpShield.Relay;

/// <summary>How a backend learns the real client (shared/INTEGRATION.md §1).</summary>
internal enum BackendIdentity
{
    /// <summary>Postfix XCLIENT after EHLO; anything but 220 aborts the backend side.</summary>
    Xclient,

    /// <summary>HAProxy PROXY protocol v1 (text), before any other byte.</summary>
    ProxyV1,

    /// <summary>HAProxy PROXY protocol v2 (binary), before any other byte.</summary>
    ProxyV2,

    /// <summary>
    /// Nothing the backend understands (Courier 1.0.16): connect from a dedicated, untrusted source address
    /// and insert a Received trace header after the backend's 354.
    /// </summary>
    None,
}
