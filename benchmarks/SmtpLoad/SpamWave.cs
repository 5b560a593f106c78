using System.Diagnostics;

namespace SmtpLoad;

/// <summary>
/// The spamwave mode: the clean client alone (a JIT warm-up, then its latency without a wave), a settle,
/// the baseline sample; then the listed clients open and stop at RCPT; once all are there, the held
/// sample, and the clean client delivers again while they are held; the end sample; then the held clean
/// clients are asked for NOOP, the listed clients' remaining replies are awaited and every connection is
/// closed. The held clean clients open just before the listed ones and count as part of the wave.
/// </summary>
internal static class SpamWave
{
    // Lets the server finish its last sessions (and their allocations) before memory is sampled.
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(2);

    public static async Task<SpamWaveResult> RunAsync(SpamWaveOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        // Back to back, so tiered JIT compilation has settled before anything is measured.
        progress.WriteLine($"clean client alone: {options.JitWarmup.TotalSeconds:F0} s JIT warm-up back to back, then {options.BaselineDuration.TotalSeconds:F0} s measured");
        SessionRunResult warmup = await SessionLoad.RunOnceAsync(options.CleanLoad(options.JitWarmup, TimeSpan.Zero), cancellationToken);
        progress.WriteLine($"JIT warm-up: {SessionReport.Line(warmup)}");
        SessionRunResult before = await SessionLoad.RunOnceAsync(options.CleanLoad(options.BaselineDuration, options.CleanPause), cancellationToken);
        progress.WriteLine($"clean before the wave: {SessionReport.Line(before)}");

        await Task.Delay(s_settle, cancellationToken);
        ProcessSample baseline = ProcessSample.Read(options.ServerPid);
        ProcessSample clientBaseline = ProcessSample.Read(Environment.ProcessId);
        progress.WriteLine($"baseline: server PSS {baseline.PssKiB} KiB (anon {baseline.PssAnonKiB}), {baseline.Threads} threads, {baseline.OpenFiles} fds");

        long waveStarted = Stopwatch.GetTimestamp();
        using HeldCleanClients heldClean = await HeldCleanClients.OpenAsync(options, options.CleanSources, cancellationToken);
        if (options.HeldClean > 0)
        {
            progress.WriteLine($"clean clients held silent after EHLO: {heldClean.Opened} of {options.HeldClean}");
        }

        await using ListedWave wave = ListedWave.Start(options);
        bool allAtRcpt = await wave.WaitUntilAllAtRcptAsync(options.OpenTimeout, cancellationToken);
        double openSeconds = Stopwatch.GetElapsedTime(waveStarted).TotalSeconds;
        progress.WriteLine($"listed clients at RCPT after {openSeconds:F1} s{(allAtRcpt ? string.Empty : " (open timeout: not all)")}: {StatesText(wave.Count())}");

        // Sampled soon after the baseline: the shorter the gap, the less other processes mapping the same
        // runtime files can shift the file-backed PSS in between (README, "Reading the figures").
        await Task.Delay(s_settle / 2, cancellationToken);
        ProcessSample held = ProcessSample.Read(options.ServerPid);
        ListedWaveCounts atHeld = wave.Count();
        long holdStarted = Stopwatch.GetTimestamp();
        progress.WriteLine($"held: server PSS {held.PssKiB} KiB (anon {held.PssAnonKiB}), {held.Threads} threads, {held.OpenFiles} fds; {atHeld.Held} connections held");

        SessionRunResult during;
        long peak;
        ProcessSample settled;
        using (var sampling = new CancellationTokenSource())
        {
            Task<long> peakPss = ProcessSample.PeakPssAsync(options.ServerPid, held.PssKiB, TimeSpan.FromSeconds(1), sampling.Token);
            Task<ProcessSample> settledSample = SampleAfterAsync(options.ServerPid, options.CleanDuration * 2 / 3, cancellationToken);
            during = await SessionLoad.RunOnceAsync(options.CleanLoad(options.CleanDuration, options.CleanPause), cancellationToken);
            await sampling.CancelAsync();
            peak = await peakPss;
            settled = await settledSample;
        }

        ProcessSample end = ProcessSample.Read(options.ServerPid);
        ProcessSample clientEnd = ProcessSample.Read(Environment.ProcessId);
        double holdSeconds = Stopwatch.GetElapsedTime(holdStarted).TotalSeconds;
        double waveSeconds = Stopwatch.GetElapsedTime(waveStarted).TotalSeconds;
        progress.WriteLine($"clean during the wave: {SessionReport.Line(during)}");

        int heldCleanAnswering = await heldClean.CountAnsweringAsync(options.SessionTimeout, cancellationToken);
        await wave.WaitForRepliesAsync(options.ReplyTimeout, cancellationToken);
        ListedWaveCounts atEnd = wave.Count();
        progress.WriteLine($"listed clients at the end: {StatesText(atEnd)}");
        return new SpamWaveResult(
            before, during, baseline, held, end, settled, peak, allAtRcpt, openSeconds, waveSeconds, holdSeconds,
            clientEnd.CpuSeconds - clientBaseline.CpuSeconds, atHeld, atEnd, heldClean.Opened, heldCleanAnswering, heldClean.Errors);
    }

    private static async Task<ProcessSample> SampleAfterAsync(int pid, TimeSpan delay, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return ProcessSample.Read(pid);
    }

    private static string StatesText(ListedWaveCounts counts) =>
        string.Join(", ", counts.States.Select(s => $"{s.Key} {s.Value}"));
}
