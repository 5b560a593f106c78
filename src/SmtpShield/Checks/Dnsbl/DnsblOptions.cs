using SmtpShield.Verdicts;

namespace SmtpShield.Checks.Dnsbl;

/// <summary>DNS block- and allowlists ("Dnsbl" section), in postscreen's terms (postscreen_dnsbl_*).</summary>
internal sealed class DnsblOptions
{
    /// <summary>Entries "zone[=filter][*weight]"; empty disables the check.</summary>
    public List<string> Zones { get; } = [];

    /// <summary>Summed weight at or above which the DNSBL check fails and its <see cref="Action"/> applies (postscreen_dnsbl_threshold).</summary>
    public int Threshold { get; set; } = 3;

    /// <summary>Summed weight at or below which the client is allowlisted and skips every other check (postscreen_dnsbl_allowlist_threshold).</summary>
    public int AllowlistThreshold { get; set; } = -1;

    public CheckAction Action { get; set; } = CheckAction.Enforce;

    /// <summary>
    /// Ask a listing's TXT record (RFC 5782 §2.1) to quote the list's own reason in the reject. False: the
    /// reply names the zone only, and a listed client costs one question per zone instead of two (postscreen
    /// and Haraka ask the A record only).
    /// </summary>
    public bool QueryTxt { get; set; } = true;

    /// <summary>
    /// How often each zone is tested (RFC 5782 §5: 127.0.0.2 must be listed, 127.0.0.1 must not); a zone
    /// that fails is skipped until it passes again. Zero turns the probe off.
    /// </summary>
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.Zero;
}
