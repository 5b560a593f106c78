using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Sessions.Tls;

/// <summary>Checks the TLS settings and, when files are named, that they load as a certificate and its key.</summary>
internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Tls);
        v.InRange(options.HandshakeTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), nameof(options.HandshakeTimeout));
        bool hasCertificate = !string.IsNullOrEmpty(options.CertificateFile);
        bool hasKey = !string.IsNullOrEmpty(options.KeyFile);
        v.Require(hasCertificate == hasKey, hasCertificate ? nameof(options.KeyFile) : nameof(options.CertificateFile),
            "CertificateFile and KeyFile go together: set both, or neither for a self-signed certificate");
        if (options.Enabled && hasCertificate && hasKey)
        {
            v.Require(File.Exists(options.CertificateFile), nameof(options.CertificateFile), $"file not found: {options.CertificateFile}");
            v.Require(File.Exists(options.KeyFile), nameof(options.KeyFile), $"file not found: {options.KeyFile}");
            if (File.Exists(options.CertificateFile) && File.Exists(options.KeyFile))
            {
                v.Require(TryLoad(options, out string? error), nameof(options.CertificateFile), $"cannot be loaded with its key: {error}");
            }
        }

        return v.Result();
    }

    private static bool TryLoad(TlsOptions options, out string? error)
    {
        try
        {
            foreach (var certificate in ServerCertificate.LoadPemPair(options.CertificateFile!, options.KeyFile!))
            {
                certificate.Dispose();
            }

            error = null;
            return true;
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            error = e.Message;
            return false;
        }
    }
}
