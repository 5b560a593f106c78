using System.Net;
using Microsoft.Extensions.Logging;

namespace SmtpShield.Admin;

internal sealed partial class BlocklistApi
{
    [LoggerMessage(100, LogLevel.Information, "ADMIN [{Client}]:{Port} block {Network} {Duration}: {Outcome} ({Reason})")]
    private partial void LogBlocked(IPAddress client, int port, string network, string duration, string outcome, string reason);

    [LoggerMessage(101, LogLevel.Information, "ADMIN [{Client}]:{Port} block {Network} refused: {Why}")]
    private partial void LogBlockRefused(IPAddress client, int port, string network, string why);

    [LoggerMessage(102, LogLevel.Information, "ADMIN [{Client}]:{Port} unblock {Network}: {Outcome}")]
    private partial void LogUnblocked(IPAddress client, int port, string network, string outcome);

    [LoggerMessage(103, LogLevel.Information, "ADMIN [{Client}]:{Port} flush source={Source}: {Removed} entries removed")]
    private partial void LogFlushed(IPAddress client, int port, string source, int removed);
}
