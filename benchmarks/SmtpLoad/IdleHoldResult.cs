namespace SmtpLoad;

/// <summary>
/// The idle mode's findings. Memory per connection is (PSS while holding − PSS before) / connections
/// that got the banner, in KiB; "before" is after the warm-up sessions, so JIT-compiled code and the
/// first allocations of the session path are not charged to the idle connections.
/// </summary>
internal sealed record IdleHoldResult(
    int Requested,
    int Held,
    double OpenSeconds,
    IReadOnlyDictionary<string, int> OpenFailures,
    ProcessSample Before,
    ProcessSample Holding,
    ProcessSample HoldEnd,
    long PeakPssKiB,
    ProcessSample AfterClose,
    double ServerCpuPercentWhileHolding,
    bool ProbeOk,
    string ProbeDetail,
    double ProbeMs,
    int AliveAtEnd)
{
    public double PssKiBPerConnection => Held == 0 ? double.NaN : (Holding.PssKiB - Before.PssKiB) / (double)Held;

    /// <summary>
    /// The same at the end of the hold: after a burst of accepts the garbage of opening them is still on
    /// the heap at the "holding" sample; a hold longer than the daemon's trim interval shows the steady state.
    /// </summary>
    public double EndPssKiBPerConnection => Held == 0 ? double.NaN : (HoldEnd.PssKiB - Before.PssKiB) / (double)Held;

    public double PssAnonKiBPerConnection => Held == 0 ? double.NaN : (Holding.PssAnonKiB - Before.PssAnonKiB) / (double)Held;

    /// <summary>Change of the file-backed part of PSS (runtime files, shared with other processes): not caused by the connections.</summary>
    public long FileBackedPssChangeKiB => (Holding.PssKiB - Holding.PssAnonKiB) - (Before.PssKiB - Before.PssAnonKiB);

    public double RssKiBPerConnection => Held == 0 ? double.NaN : (Holding.RssKiB - Before.RssKiB) / (double)Held;
}
