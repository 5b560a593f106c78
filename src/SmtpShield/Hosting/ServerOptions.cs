namespace SmtpShield.Hosting;

/// <summary>Top-level keys: who the server says it is and where it keeps its state.</summary>
internal sealed class ServerOptions
{
    /// <summary>The name in the banner, EHLO reply and 421s; null means the machine's host name.</summary>
    public string? Hostname { get; set; }

    /// <summary>Self-signed certificate, later the blocklist store; relative paths are from the working directory.</summary>
    public string StateDirectory { get; set; } = "./var";

    /// <summary>On SIGTERM: how long sessions may take to finish after their 421 before they are cut
    /// (keep it below systemd's TimeoutStopSec).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public string ResolveHostname() =>
        string.IsNullOrWhiteSpace(Hostname) ? System.Net.Dns.GetHostName() : Hostname;
}
