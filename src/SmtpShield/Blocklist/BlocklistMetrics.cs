using System.Diagnostics.Metrics;

namespace SmtpShield.Blocklist;

/// <summary>Blocks added, connections refused because of them, firewall commands (System.Diagnostics.Metrics;
/// the Operations issue exposes them to Prometheus as smtpshield_blocklist_*).</summary>
internal sealed class BlocklistMetrics
{
    public const string MeterName = "SmtpShield.Blocklist";

    private readonly Counter<long> _additions;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _firewallCommands;
    private readonly Counter<long> _firewallElements;
    private Func<int>? _entries;

    public BlocklistMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter meter = meters.Create(MeterName);
        _additions = meter.CreateCounter<long>("smtpshield.blocklist.additions", "{entry}", "Blocks added or extended, by source (reject, errors, limits, admin, config)");
        _refused = meter.CreateCounter<long>("smtpshield.blocklist.refused", "{connection}", "Connections from blocked clients refused by SmtpShield itself, by action (close, tarpit)");
        _firewallCommands = meter.CreateCounter<long>("smtpshield.blocklist.firewall.commands", "{command}", "Firewall commands, by driver, kind (batch, resync) and result (ok, failed)");
        _firewallElements = meter.CreateCounter<long>("smtpshield.blocklist.firewall.elements", "{element}", "Elements carried by firewall commands, by driver and result");
        meter.CreateObservableGauge("smtpshield.blocklist.entries", () => _entries?.Invoke() ?? 0, "{entry}", "Entries in the blocklist now (expired ones until the next purge)");
    }

    public void ObserveEntries(Func<int> count) => _entries = count;

    public void Added(BlockSource source) => _additions.Add(1, new KeyValuePair<string, object?>("source", SourceName(source)));

    public void Refused(BlockedClientAction action) =>
        _refused.Add(1, new KeyValuePair<string, object?>("action", action == BlockedClientAction.Tarpit ? "tarpit" : "close"));

    public void FirewallCommand(string driver, string kind, string result, int elements)
    {
        var driverTag = new KeyValuePair<string, object?>("driver", driver);
        var resultTag = new KeyValuePair<string, object?>("result", result);
        _firewallCommands.Add(1, driverTag, new KeyValuePair<string, object?>("kind", kind), resultTag);
        _firewallElements.Add(elements, driverTag, resultTag);
    }

    public static string SourceName(BlockSource source) => source switch
    {
        BlockSource.Reject => "reject",
        BlockSource.Errors => "errors",
        BlockSource.Admin => "admin",
        BlockSource.Limits => "limits",
        _ => "config",
    };
}
