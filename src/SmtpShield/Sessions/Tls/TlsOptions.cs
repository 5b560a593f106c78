namespace SmtpShield.Sessions.Tls;

/// <summary>STARTTLS on the client side ("Tls" section). SmtpShield terminates TLS itself.</summary>
internal sealed class TlsOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>PEM certificate chain; null generates a self-signed one under the state directory.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key for <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Bound on the handshake after "220 Ready to start TLS".</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
