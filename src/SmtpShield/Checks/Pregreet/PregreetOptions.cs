using SmtpShield.Verdicts;

namespace SmtpShield.Checks.Pregreet;

/// <summary>
/// The "Pregreet" section (postscreen_greet_wait, postscreen_greet_banner, postscreen_greet_action): a
/// client that talks before the banner's final line is a bot that does not wait for replies. Skipped for
/// allowlisted and passed-before clients, so the wait costs only first contacts.
/// </summary>
internal sealed class PregreetOptions
{
    /// <summary>How long the final banner line is held back; 0: no wait (a client whose bytes are already there when the banner goes out still fails).</summary>
    public TimeSpan Wait { get; set; } = TimeSpan.Zero;

    /// <summary>Send "220-" first, at once, and the final "220 " line after the wait: a bot that answers the first line is caught.</summary>
    public bool Teaser { get; set; }

    public CheckAction Action { get; set; } = CheckAction.Enforce;
}
