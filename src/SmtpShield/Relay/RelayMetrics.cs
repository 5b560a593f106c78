using System.Diagnostics.Metrics;

namespace SmtpShield.Relay;

/// <summary>
/// Sessions and bytes per backend (System.Diagnostics.Metrics; the Operations issue exposes them to
/// Prometheus as smtpshield_relay_*).
/// </summary>
internal sealed class RelayMetrics
{
    public const string MeterName = "SmtpShield.Relay";

    private readonly Counter<long> _handoffs;
    private readonly Counter<long> _bytes;
    private readonly UpDownCounter<long> _active;

    public RelayMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter meter = meters.Create(MeterName);
        _handoffs = meter.CreateCounter<long>("smtpshield.relay.handoffs", "{session}", "Sessions handed to a backend, by backend and result (spliced, refused, failed)");
        _bytes = meter.CreateCounter<long>("smtpshield.relay.bytes", "By", "Bytes spliced, by backend and direction (from_client, from_backend)");
        _active = meter.CreateUpDownCounter<long>("smtpshield.relay.active", "{session}", "Sessions being spliced now, by backend");
    }

    public void Handoff(BackendTarget backend, string result) =>
        _handoffs.Add(1, new KeyValuePair<string, object?>("backend", backend.Name), new KeyValuePair<string, object?>("result", result));

    public void SpliceStarted(BackendTarget backend) => _active.Add(1, new KeyValuePair<string, object?>("backend", backend.Name));

    public void SpliceEnded(BackendTarget backend, long fromClient, long fromBackend)
    {
        var name = new KeyValuePair<string, object?>("backend", backend.Name);
        _active.Add(-1, name);
        _bytes.Add(fromClient, name, new KeyValuePair<string, object?>("direction", "from_client"));
        _bytes.Add(fromBackend, name, new KeyValuePair<string, object?>("direction", "from_backend"));
    }
}
