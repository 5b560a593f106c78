namespace SmtpShield.Callouts;

/// <summary>The Callouts section: how a sender-verification callout talks to the sender's mail server.</summary>
internal sealed class CalloutOptions
{
    /// <summary>The reverse path of the probe: empty for MAIL FROM:&lt;&gt; (RFC 5321 §4.5.5), or an address of ours.</summary>
    public string ProbeSender { get; set; } = string.Empty;

    /// <summary>The name in the probe's EHLO; empty for the server's Hostname.</summary>
    public string HeloName { get; set; } = string.Empty;

    /// <summary>The SMTP port of the sender's mail servers (25; another only to test against a local server).</summary>
    public int Port { get; set; } = 25;

    /// <summary>TCP connect to one address of one mail server; past it the next is tried.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each reply of the callee (banner, EHLO, MAIL, RCPT).</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The whole callout, DNS included: a callee that tarpits cannot hold the session longer.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Mail servers tried, most preferred first (RFC 5321 §5.1 asks for more than one).</summary>
    public int MaxHosts { get; set; } = 3;

    /// <summary>Addresses tried per mail server (a server with IPv4 and IPv6 has two).</summary>
    public int MaxAddressesPerHost { get; set; } = 2;
}
