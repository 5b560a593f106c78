using SmtpShield.Verdicts;

namespace SmtpShield.Checks.Protocol;

/// <summary>
/// The "Protocol" section: what the dialogue itself gives away (postscreen's deep protocol tests). A
/// client that passes is never asked to reconnect, unlike postscreen's: the session simply goes on.
/// </summary>
internal sealed class ProtocolTestOptions
{
    /// <summary>Commands sent without waiting for a reply where RFC 2920 forbids it: before PIPELINING was offered (before EHLO, after HELO), or after a command that must end a group (EHLO, HELO, DATA, NOOP, VRFY, EXPN, QUIT).</summary>
    public CheckAction PipeliningAction { get; set; } = CheckAction.Enforce;

    /// <summary>An HTTP request, a proxy CONNECT, a header line ("Host: ..."): someone abusing port 25 as a proxy.</summary>
    public CheckAction NonSmtpCommandAction { get; set; } = CheckAction.Drop;

    /// <summary>The verbs that count as non-SMTP (postscreen_forbidden_commands); empty: <see cref="DefaultForbiddenCommands"/>.</summary>
    public List<string> ForbiddenCommands { get; } = [];

    /// <summary>A command line ending in LF without CR (RFC 5321 §2.3.8; postscreen_bare_newline_action, ignore there by default too).</summary>
    public CheckAction BareNewlineAction { get; set; } = CheckAction.Ignore;

    /// <summary>Unrecognized commands before the test fails; 0 turns the test off.</summary>
    public int UnknownCommandLimit { get; set; } = 3;

    public CheckAction UnknownCommandAction { get; set; } = CheckAction.Enforce;

    /// <summary>The defaults of <see cref="ForbiddenCommands"/>, written in config/smtpshield.json.</summary>
    public static readonly string[] DefaultForbiddenCommands = ["CONNECT", "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"];
}
