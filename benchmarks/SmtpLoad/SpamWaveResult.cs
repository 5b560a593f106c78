namespace SmtpLoad;

/// <summary>
/// The spamwave mode's findings. The server is sampled at three points: <see cref="Baseline"/> after the
/// clean client's warm-up and a settle, <see cref="Held"/> a second after every listed client has sent
/// RCPT (all of them held, the tarpit busy), <see cref="Settled"/> two thirds into the clean client's
/// window (the wave held, past the burst's garbage, before the stuttered replies all end at MaxStutter),
/// and <see cref="End"/> after the clean client's window during the wave. Memory per listed connection is
/// (held − baseline) / listed connections held: the held clean clients' memory is charged to the listed
/// ones too, so the figure errs high. CPU during the wave is end − baseline.
/// </summary>
internal sealed record SpamWaveResult(
    SessionRunResult CleanBefore,
    SessionRunResult CleanDuring,
    ProcessSample Baseline,
    ProcessSample Held,
    ProcessSample End,
    ProcessSample Settled,
    long PeakPssKiB,
    bool AllAtRcpt,
    double OpenSeconds,
    double WaveSeconds,
    double HoldSeconds,
    double ClientCpuSeconds,
    ListedWaveCounts AtHeldSample,
    ListedWaveCounts AtEnd,
    int HeldCleanOpened,
    int HeldCleanAnswering,
    IReadOnlyDictionary<string, int> HeldCleanErrors)
{
    // The targets (Waves): clean p99 under 1 s during the wave, at most 8 KiB PSS per tarpitted
    // connection, and no refused clean session.
    public const double CleanP99TargetMs = 1000;
    public const double PssTargetKiB = 8;

    public double PssKiBPerConnection => PerHeld(Held.PssKiB - Baseline.PssKiB);

    public double PssAnonKiBPerConnection => PerHeld(Held.PssAnonKiB - Baseline.PssAnonKiB);

    /// <summary>The same at the end of the window (the replies finished, the clean client's sessions and garbage included).</summary>
    public double EndPssKiBPerConnection => PerHeld(End.PssKiB - Baseline.PssKiB);

    /// <summary>The same two thirds into the hold: what a held connection costs once the burst is over.</summary>
    public double SettledPssKiBPerConnection => PerHeld(Settled.PssKiB - Baseline.PssKiB);

    /// <summary>Change of the file-backed part of PSS (runtime files shared with other processes): not caused by the connections.</summary>
    public long FileBackedPssChangeKiB => (Held.PssKiB - Held.PssAnonKiB) - (Baseline.PssKiB - Baseline.PssAnonKiB);

    public double ServerCpuSecondsDuringWave => End.CpuSeconds - Baseline.CpuSeconds;

    public double ServerCpuSecondsOpening => Held.CpuSeconds - Baseline.CpuSeconds;

    /// <summary>Server CPU as a share of one core while the wave was held and the clean client delivered.</summary>
    public double ServerCpuPercentHolding => (End.CpuSeconds - Held.CpuSeconds) * 100 / HoldSeconds;

    public bool CleanP99Met => CleanDuring.P99Ms < CleanP99TargetMs;

    public bool PssMet => SettledPssKiBPerConnection <= PssTargetKiB;

    /// <summary>Every clean delivery during the wave succeeded, and every held clean client still answered at the end.</summary>
    public bool NoRefusedClean => CleanDuring.Failed == 0 && CleanDuring.Completed > 0 && HeldCleanAnswering == HeldCleanOpened;

    private double PerHeld(long kib) => AtHeldSample.Held == 0 ? double.NaN : kib / (double)AtHeldSample.Held;
}
