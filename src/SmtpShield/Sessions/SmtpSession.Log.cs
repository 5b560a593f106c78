using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace SmtpShield.Sessions;

/// <summary>
/// Session log lines: a greppable tag, then the client as [ip]:port (shared/STYLE.md habit 11).
/// Values from the network are sanitised by <see cref="LogText"/> before they reach a line.
/// </summary>
internal sealed partial class SmtpSession
{
    private void LogConnect(IPAddress client, int port, IPAddress local, int localPort, string id) =>
        Log.Connect(_shared.Logger, client, port, local, localPort, id);

    private void LogStartTlsInjection(IPAddress client, int port, string id, long bytes) =>
        Log.StartTlsInjection(_shared.Logger, client, port, id, bytes);

    private void LogTlsFailed(IPAddress client, int port, string id, string? reason) =>
        Log.TlsFailed(_shared.Logger, client, port, id, reason ?? "unknown");

    private void LogTlsEstablished(IPAddress client, int port, string id, SslProtocols protocol, string cipher) =>
        Log.TlsEstablished(_shared.Logger, client, port, id, protocol, cipher);

    private void LogDrop(IPAddress client, int port, string id, string reason) =>
        Log.Dropped(_shared.Logger, client, port, id, reason);

    private void LogUnexpectedError(IPAddress client, int port, string id, Exception exception) =>
        Log.UnexpectedError(_shared.Logger, client, port, id, exception);

    private void LogSessionEnd()
    {
        SessionContext c = Context;
        Log.Disconnect(
            _shared.Logger,
            c.Client.Address,
            c.Client.Port,
            c.Id,
            LogText.Bracketed(c.Helo),
            LogText.Bracketed(c.Envelope?.ReversePath),
            c.RecipientCommands,
            LogText.Bracketed(c.FirstRecipient),
            c.Verdict is null ? "-" : VerdictText(c.Verdict.Action),
            c.Verdict is null ? "-" : LogText.Sanitize(c.Verdict.Reason).Replace(' ', '_'),
            EndReasonText(c.EndReason),
            c.Commands,
            c.Errors,
            c.IsTls,
            c.Handoff?.Target.Name ?? "-",
            c.Handoff?.Activity.FromClient ?? 0,
            Age.TotalSeconds);
    }

    private static readonly string[] s_endReasons = [.. Enum.GetNames<SessionEndReason>().Select(ToSnakeCase)];
    private static readonly string[] s_verdicts = [.. Enum.GetNames<Verdicts.VerdictAction>().Select(ToSnakeCase)];

    private static string EndReasonText(SessionEndReason reason) => s_endReasons[(int)reason];

    private static string VerdictText(Verdicts.VerdictAction action) => s_verdicts[(int)action];

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "CONNECT from [{Client}]:{Port} to [{Local}]:{LocalPort} id={SessionId}")]
        public static partial void Connect(ILogger logger, IPAddress client, int port, IPAddress local, int localPort, string sessionId);

        [LoggerMessage(2, LogLevel.Information,
            "DISCONNECT [{Client}]:{Port} id={SessionId} helo={Helo} from={From} rcpt={RecipientCount} to={FirstRecipient} " +
            "verdict={Verdict} reason={Reason} end={EndReason} commands={Commands} errors={Errors} tls={Tls} relay={Backend} relayed_bytes={RelayedBytes} duration={DurationSeconds:0.000}")]
        public static partial void Disconnect(
            ILogger logger, IPAddress client, int port, string sessionId, string helo, string from, int recipientCount, string firstRecipient,
            string verdict, string reason, string endReason, int commands, int errors, bool tls, string backend, long relayedBytes, double durationSeconds);

        [LoggerMessage(3, LogLevel.Warning, "STARTTLS [{Client}]:{Port} id={SessionId}: discarded {Bytes} bytes pipelined after STARTTLS (plaintext injection, CVE-2011-0411)")]
        public static partial void StartTlsInjection(ILogger logger, IPAddress client, int port, string sessionId, long bytes);

        [LoggerMessage(4, LogLevel.Information, "STARTTLS [{Client}]:{Port} id={SessionId}: handshake failed: {Reason}")]
        public static partial void TlsFailed(ILogger logger, IPAddress client, int port, string sessionId, string reason);

        [LoggerMessage(5, LogLevel.Debug, "STARTTLS [{Client}]:{Port} id={SessionId}: {Protocol} {Cipher}")]
        public static partial void TlsEstablished(ILogger logger, IPAddress client, int port, string sessionId, SslProtocols protocol, string cipher);

        [LoggerMessage(7, LogLevel.Information, "DROP [{Client}]:{Port} id={SessionId}: {Reason}")]
        public static partial void Dropped(ILogger logger, IPAddress client, int port, string sessionId, string reason);

        [LoggerMessage(6, LogLevel.Error, "ERROR [{Client}]:{Port} id={SessionId}: unexpected failure; session closed")]
        public static partial void UnexpectedError(ILogger logger, IPAddress client, int port, string sessionId, Exception exception);
    }
}
