namespace SmtpShield.Relay;

/// <summary>One backend MTA (Relay:Backends:N). Backends are tried in the order listed.</summary>
internal sealed class BackendOptions
{
    /// <summary>"127.0.0.1:10025", "[::1]:10025", or "unix:/var/spool/postfix/public/smtpshield".</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>"xclient", "proxy-v1", "proxy-v2" or "none".</summary>
    public string Identity { get; set; } = "xclient";

    /// <summary>
    /// The local address to connect from. Required for Identity "none": an address the backend does not
    /// trust for relaying (e.g. 127.0.0.2), since the backend sees it instead of the client.
    /// </summary>
    public string? SourceAddress { get; set; }

    /// <summary>Use STARTTLS to the backend when it offers it (not needed on loopback).</summary>
    public bool StartTls { get; set; }

    /// <summary>Verify the backend's certificate when StartTls is on (off: a loopback backend's self-signed one is fine).</summary>
    public bool VerifyCertificate { get; set; }

    /// <summary>The name in logs and metrics; default: the endpoint.</summary>
    public string? Name { get; set; }

    public static bool TryParseIdentity(string? text, out BackendIdentity identity)
    {
        identity = text?.Trim().ToUpperInvariant() switch
        {
            "XCLIENT" => BackendIdentity.Xclient,
            "PROXY-V1" => BackendIdentity.ProxyV1,
            "PROXY-V2" => BackendIdentity.ProxyV2,
            "NONE" => BackendIdentity.None,
            _ => (BackendIdentity)(-1),
        };
        return Enum.IsDefined(identity);
    }
}
