using System.Buffers;
using System.Collections.Frozen;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Protocol;
using SmtpShield.Sessions;

namespace SmtpShield.Checks.Protocol;

/// <summary>
/// Judges each command as read, before the verdict: pipelining where RFC 2920 forbids it, non-SMTP
/// commands, bare LF, too many unknown commands. A failed test joins the session's evidence with its
/// configured action (Ignore | Enforce | Drop) and is logged in postscreen's words.
/// </summary>
internal sealed partial class ProtocolTests
{
    public const string PipeliningCheck = "pipelining";
    public const string NonSmtpCheck = "non_smtp_command";
    public const string BareNewlineCheck = "bare_newline";
    public const string UnknownCommandsCheck = "unknown_commands";

    private static readonly SearchValues<char> s_headerNameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

    private readonly ProtocolTestOptions _options;
    private readonly FrozenSet<string> _forbidden;
    private readonly ILogger _logger;

    public ProtocolTests(IOptions<ProtocolTestOptions> options, ILogger<ProtocolTests> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        IEnumerable<string> forbidden = _options.ForbiddenCommands.Count > 0 ? _options.ForbiddenCommands : ProtocolTestOptions.DefaultForbiddenCommands;
        _forbidden = forbidden.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _logger = logger;
    }

    /// <param name="pipelinedAfter">More bytes followed this command in the same read: the client did not wait for its reply.</param>
    public void Judge(SessionContext session, in SmtpCommand command, bool pipelinedAfter)
    {
        SessionChecks checks = session.Checks;
        IPAddress client = session.Client.Address;
        if (pipelinedAfter && !checks.HasFound(ProtocolFinding.Pipelining) && !MayBePipelined(session, command.Verb))
        {
            LogPipelining(client, session.Client.Port, VerbText(command));
            checks.Observe(ProtocolFinding.Pipelining, Fail(PipeliningCheck, $"pipelined commands after {VerbText(command)}", _options.PipeliningAction));
        }

        if ((command.Flags & LineFlags.BareLineFeed) != 0 && !checks.HasFound(ProtocolFinding.BareNewline))
        {
            LogBareNewline(client, session.Client.Port, VerbText(command));
            checks.Observe(ProtocolFinding.BareNewline, Fail(BareNewlineCheck, "bare newline in a command", _options.BareNewlineAction));
        }

        if (command.Verb != SmtpVerb.Unknown)
        {
            return;
        }

        string word = FirstWord(command.Line.Span);
        if (_forbidden.Contains(word) || IsHeaderName(word))
        {
            if (!checks.HasFound(ProtocolFinding.NonSmtpCommand))
            {
                LogNonSmtp(client, session.Client.Port, LogText.Sanitize(Encoding.Latin1.GetString(command.Line.Span[..Math.Min(command.Line.Length, 80)])));
                checks.Observe(ProtocolFinding.NonSmtpCommand, Fail(NonSmtpCheck, $"non-SMTP command {LogText.Sanitize(word)}", _options.NonSmtpCommandAction));
            }
        }
        else if (_options.UnknownCommandLimit > 0 && ++checks.UnknownCommands >= _options.UnknownCommandLimit && !checks.HasFound(ProtocolFinding.UnknownCommands))
        {
            LogUnknownCommands(client, session.Client.Port, checks.UnknownCommands);
            checks.Observe(ProtocolFinding.UnknownCommands, Fail(UnknownCommandsCheck, $"{checks.UnknownCommands} unknown commands", _options.UnknownCommandAction));
        }
    }

    /// <summary>
    /// RFC 2920 §3.1: only with PIPELINING offered (after EHLO), and never after a command that ends a
    /// group; STARTTLS too (RFC 3207 §4.2). Unknown lines are judged by the other tests.
    /// </summary>
    private static bool MayBePipelined(SessionContext session, SmtpVerb verb) =>
        verb == SmtpVerb.Unknown
        || (session.IsEsmtp && (session.Offered ?? session.Replies.Extensions).Pipelining
            && verb is not (SmtpVerb.Ehlo or SmtpVerb.Helo or SmtpVerb.Data or SmtpVerb.Noop or SmtpVerb.Vrfy or SmtpVerb.Expn
                or SmtpVerb.Quit or SmtpVerb.Turn or SmtpVerb.StartTls));

    private static CheckResult Fail(string check, string reason, Verdicts.CheckAction action) =>
        new(check, CheckOutcome.Fail, 0, reason, action);

    private static string FirstWord(ReadOnlySpan<byte> line)
    {
        int end = line.IndexOfAny((byte)' ', (byte)'\r', (byte)'\n');
        ReadOnlySpan<byte> word = end < 0 ? line : line[..end];
        return Encoding.Latin1.GetString(word[..Math.Min(word.Length, 64)]);
    }

    // "Host:", "User-Agent:": an HTTP or mail header sent as a command.
    private static bool IsHeaderName(string word) =>
        word.Length > 1 && word[^1] == ':' && !word.AsSpan(0, word.Length - 1).ContainsAnyExcept(s_headerNameCharacters);

    // Sanitised: an unknown verb is the client's own bytes, and it goes into log lines and reasons.
    private static string VerbText(in SmtpCommand command) =>
        command.Verb == SmtpVerb.Unknown ? LogText.Sanitize(FirstWord(command.Line.Span).ToUpperInvariant()) : command.Verb.ToString().ToUpperInvariant();

    [LoggerMessage(110, LogLevel.Information, "COMMAND PIPELINING from [{Client}]:{Port} after {Command}")]
    private partial void LogPipelining(IPAddress client, int port, string command);

    [LoggerMessage(111, LogLevel.Information, "NON-SMTP COMMAND from [{Client}]:{Port}: {Line}")]
    private partial void LogNonSmtp(IPAddress client, int port, string line);

    [LoggerMessage(112, LogLevel.Information, "BARE NEWLINE from [{Client}]:{Port} after {Command}")]
    private partial void LogBareNewline(IPAddress client, int port, string command);

    [LoggerMessage(113, LogLevel.Information, "UNKNOWN COMMANDS from [{Client}]:{Port}: {Count}")]
    private partial void LogUnknownCommands(IPAddress client, int port, int count);
}
