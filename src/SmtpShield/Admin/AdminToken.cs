using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SmtpShield.Admin;

/// <summary>
/// The admin API's bearer token (RFC 6750), read from Admin:TokenFile at start. A presented token is
/// compared in constant time, and as SHA-256 digests so that not even its length leaks through timing.
/// </summary>
internal sealed class AdminToken
{
    /// <summary>32 random bytes: as strong as the key of a TLS session.</summary>
    public const int GeneratedBytes = 32;

    /// <summary>The shortest token accepted from a file an admin wrote (16 characters of base64 carry 96 bits).</summary>
    public const int MinimumLength = 16;

    private readonly byte[] _digest;

    public AdminToken(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A fresh token: <see cref="GeneratedBytes"/> random bytes in base64url without padding (43 characters).</summary>
    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(GeneratedBytes));

    public bool Matches(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }
}
