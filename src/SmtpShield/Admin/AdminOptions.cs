namespace SmtpShield.Admin;

/// <summary>The admin HTTP listener ("Admin" section): health now; API and metrics as they land.</summary>
internal sealed class AdminOptions
{
    /// <summary>Loopback by default: the admin API must never face the Internet.</summary>
    public string Endpoint { get; set; } = "127.0.0.1:9925";

    /// <summary>Where the API token is kept (used once the admin API exists).</summary>
    public string TokenFile { get; set; } = "./var/admin.token";
}
