namespace SmtpShield.Admin;

/// <summary>The admin HTTP listener and API ("Admin" section): health, the blocklist API, its token.</summary>
internal sealed class AdminOptions
{
    /// <summary>Loopback by default: the admin API must never face the Internet.</summary>
    public string Endpoint { get; set; } = "127.0.0.1:9925";

    /// <summary>
    /// The API's bearer token: created with a fresh token (mode 0600) at the first start; the daemon
    /// refuses to start if other users may access it. The CLI reads it from the same place.
    /// </summary>
    public string TokenFile { get; set; } = "./var/admin.token";

    /// <summary>
    /// A block added through the API or CLI without a ttl lasts this long. Longer than Blocklist:Ttl (a
    /// bot's first offence): a manual block is a deliberate decision about a known nuisance.
    /// </summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromDays(1);
}
