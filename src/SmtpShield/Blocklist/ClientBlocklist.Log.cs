using Microsoft.Extensions.Logging;

namespace SmtpShield.Blocklist;

internal sealed partial class ClientBlocklist
{
    [LoggerMessage(70, LogLevel.Information, "BLOCK {Network} for {Duration} (source={Source} offences={Offences}): {Reason}")]
    private partial void LogBlocked(string network, string duration, string source, int offences, string reason);

    [LoggerMessage(71, LogLevel.Information, "BLOCK {Network} removed by {Actor} ({Action})")]
    private partial void LogUnblocked(string network, string actor, string action);

    [LoggerMessage(72, LogLevel.Information, "BLOCK loaded {Count} entries from {Path}; firewall driver {Driver}")]
    private partial void LogLoaded(int count, string path, string driver);

    [LoggerMessage(73, LogLevel.Warning, "BLOCK stored entry {Network} dropped: it is now protected ({Why})")]
    private partial void LogProtectedOnLoad(string network, string why);

    [LoggerMessage(74, LogLevel.Error, "BLOCK Blocklist:Static entry {Network} ignored: it overlaps a protected network ({Why})")]
    private partial void LogStaticProtected(string network, string why);
}
