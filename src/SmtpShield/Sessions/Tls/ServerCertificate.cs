using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using SmtpShield.Hosting;

namespace SmtpShield.Sessions.Tls;

/// <summary>
/// The certificate STARTTLS presents: the configured PEM pair, or a self-signed one generated at first
/// start and kept under the state directory (an MX is rarely verified by senders; opportunistic TLS
/// with any certificate beats plaintext, RFC 7435). Loaded once; sessions share the context.
/// </summary>
internal sealed class ServerCertificate
{
    public const string SelfSignedCertificateFile = "tls/selfsigned-cert.pem";
    public const string SelfSignedKeyFile = "tls/selfsigned-key.pem";

    private readonly Lazy<SslStreamCertificateContext?> _context;

    public ServerCertificate(IOptions<TlsOptions> tls, IOptions<ServerOptions> server)
    {
        TlsOptions options = tls.Value;
        ServerOptions serverOptions = server.Value;
        IsAvailable = options.Enabled;
        _context = new Lazy<SslStreamCertificateContext?>(() => options.Enabled ? Load(options, serverOptions) : null);
    }

    /// <summary>False when Tls:Enabled is false: STARTTLS is then neither advertised nor served.</summary>
    public bool IsAvailable { get; }

    /// <summary>The context for SslStream; loading (or generating) happens on first use or at start.</summary>
    public SslStreamCertificateContext? Context => _context.Value;

    /// <summary>Loads the configured pair; throws CryptographicException or IOException with the reason.</summary>
    public static X509Certificate2Collection LoadPemPair(string certificateFile, string keyFile)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificateFile);
        var all = new X509Certificate2Collection(certificate);
        for (int i = 1; i < chain.Count; i++)
        {
            all.Add(chain[i]);
        }

        return all;
    }

    private static SslStreamCertificateContext Load(TlsOptions options, ServerOptions server)
    {
        X509Certificate2Collection pair = string.IsNullOrEmpty(options.CertificateFile)
            ? LoadOrCreateSelfSigned(server)
            : LoadPemPair(options.CertificateFile, options.KeyFile!);
        X509Certificate2Collection intermediates = [.. pair.Skip(1)];
        return SslStreamCertificateContext.Create(pair[0], intermediates, offline: true);
    }

    private static X509Certificate2Collection LoadOrCreateSelfSigned(ServerOptions server)
    {
        string certificateFile = Path.Combine(server.StateDirectory, SelfSignedCertificateFile);
        string keyFile = Path.Combine(server.StateDirectory, SelfSignedKeyFile);
        if (!File.Exists(certificateFile) || !File.Exists(keyFile))
        {
            CreateSelfSigned(server.ResolveHostname(), certificateFile, keyFile);
        }

        return LoadPemPair(certificateFile, keyFile);
    }

    private static void CreateSelfSigned(string hostname, string certificateFile, string keyFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(certificateFile))!);
        using var key = RSA.Create(2048); // RSA: the one key type every old MTA's TLS stack accepts
        var request = new CertificateRequest($"CN={hostname}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostname);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));

        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
    }
}
