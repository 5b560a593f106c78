namespace SmtpShield.Listener;

/// <summary>One SMTP listening endpoint ("Listeners": [ { "Endpoint": "127.0.0.1:2525" } ]).</summary>
internal sealed class ListenerOptions
{
    /// <summary>"address:port", "[v6]:port", or "*:port" for every address (IPv4 and IPv6).</summary>
    public string Endpoint { get; set; } = string.Empty;
}
