using System.Diagnostics.Metrics;

namespace SmtpShield.Callouts;

/// <summary>
/// Callouts by result and where the answer came from (System.Diagnostics.Metrics; the Operations issue
/// exposes them to Prometheus as smtpshield_callouts_*), and how long the asked ones took.
/// </summary>
internal sealed class CalloutMetrics
{
    public const string MeterName = "SmtpShield.Callouts";

    private readonly Counter<long> _callouts;
    private readonly Histogram<double> _duration;

    public CalloutMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter meter = meters.Create(MeterName);
        _callouts = meter.CreateCounter<long>(
            "smtpshield.callouts", "{callout}", "Sender verifications, by result (accepted, rejected, unknown) and source (asked, cache, skipped)");
        _duration = meter.CreateHistogram<double>("smtpshield.callout.duration", "s", "How long the asked callouts took, DNS included");
    }

    public void Done(CalloutOutcome outcome, string source, TimeSpan took)
    {
        _callouts.Add(1, new KeyValuePair<string, object?>("result", outcome.ToString().ToLowerInvariant()), new KeyValuePair<string, object?>("source", source));
        if (source == "asked")
        {
            _duration.Record(took.TotalSeconds);
        }
    }
}
