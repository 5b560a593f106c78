using System.Diagnostics;
using System.Net;

namespace SmtpLoad;

/// <summary>
/// The sessions mode: <see cref="SessionLoadOptions.Concurrency"/> clients loop over
/// <see cref="SessionDialogue"/> for a warm-up and then a measured window, once per run.
/// </summary>
internal static class SessionLoad
{
    // After a failed session a client pauses, so a refusing server is not hammered in a tight loop.
    private static readonly TimeSpan s_pauseAfterError = TimeSpan.FromMilliseconds(10);

    public static async Task<SessionRunResult> RunOnceAsync(SessionLoadOptions options, CancellationToken cancellationToken)
    {
        long measureFrom = Stopwatch.GetTimestamp() + Ticks(options.Warmup);
        long measureTo = measureFrom + Ticks(options.Duration);
        var tallies = new ClientTally[options.Concurrency];
        for (int i = 0; i < tallies.Length; i++)
        {
            tallies[i] = new ClientTally();
        }

        Task<WindowSamples> window = SampleWindowAsync(options.ServerPid, measureFrom, measureTo, cancellationToken);
        Task[] clients = [.. tallies.Select(tally => Task.Run(() => ClientLoopAsync(options, tally, measureFrom, measureTo, cancellationToken), cancellationToken))];
        await Task.WhenAll(clients);
        WindowSamples samples = await window;
        return Summarize(tallies, samples);
    }

    private static async Task ClientLoopAsync(
        SessionLoadOptions options, ClientTally tally, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        var timeout = new CancellationTokenSource();
        try
        {
            while (Stopwatch.GetTimestamp() < measureTo && !cancellationToken.IsCancellationRequested)
            {
                IPAddress source = options.Sources.Next();
                long started = Stopwatch.GetTimestamp();
                int rcptCode = 0;
                string? error = null;
                timeout.CancelAfter(options.Timeout);
                try
                {
                    rcptCode = await SessionDialogue.RunAsync(options.Server, source, timeout.Token, options.Message);
                    if (!ReplyExpectation.Holds(options.ExpectRcpt, rcptCode))
                    {
                        error = $"rcpt: reply {rcptCode}";
                    }
                }
                catch (SmtpLoadException e)
                {
                    error = e.Message;
                }

                long ended = Stopwatch.GetTimestamp();
                if (!timeout.TryReset())
                {
                    timeout.Dispose();
                    timeout = new CancellationTokenSource();
                }

                if (ended >= measureFrom && ended <= measureTo)
                {
                    tally.Record(Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds, rcptCode, error);
                }

                TimeSpan pause = error is null || options.Pause > s_pauseAfterError ? options.Pause : s_pauseAfterError;
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, cancellationToken);
                }
            }
        }
        finally
        {
            timeout.Dispose();
        }
    }

    private static async Task<WindowSamples> SampleWindowAsync(int? serverPid, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        await DelayUntilAsync(measureFrom, cancellationToken);
        long from = Stopwatch.GetTimestamp();
        ProcessSample? serverBefore = serverPid is { } pid ? ProcessSample.Read(pid) : null;
        ProcessSample clientBefore = ProcessSample.Read(Environment.ProcessId);
        await DelayUntilAsync(measureTo, cancellationToken);
        long to = Stopwatch.GetTimestamp();
        ProcessSample? serverAfter = serverPid is { } pid2 ? ProcessSample.Read(pid2) : null;
        ProcessSample clientAfter = ProcessSample.Read(Environment.ProcessId);
        return new WindowSamples(
            Stopwatch.GetElapsedTime(from, to).TotalSeconds,
            serverAfter?.CpuSeconds - serverBefore?.CpuSeconds,
            clientAfter.CpuSeconds - clientBefore.CpuSeconds);
    }

    private static SessionRunResult Summarize(ClientTally[] tallies, WindowSamples samples)
    {
        List<double> latencies = [.. tallies.SelectMany(t => t.LatenciesMs)];
        latencies.Sort();
        var codes = new SortedDictionary<int, int>();
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (ClientTally tally in tallies)
        {
            foreach ((int code, int count) in tally.RcptCodes)
            {
                codes[code] = codes.GetValueOrDefault(code) + count;
            }

            foreach ((string error, int count) in tally.Errors)
            {
                errors[error] = errors.GetValueOrDefault(error) + count;
            }
        }

        return new SessionRunResult(
            samples.Seconds,
            latencies.Count,
            tallies.Sum(t => t.Failed),
            Percentiles.Of(latencies, 50),
            Percentiles.Of(latencies, 99),
            latencies.Count == 0 ? double.NaN : latencies[^1],
            codes,
            errors,
            samples.ServerCpuSeconds,
            samples.ClientCpuSeconds);
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        TimeSpan wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed record WindowSamples(double Seconds, double? ServerCpuSeconds, double ClientCpuSeconds);

    /// <summary>One client's counts; only that client writes it, so no locking.</summary>
    private sealed class ClientTally
    {
        public List<double> LatenciesMs { get; } = new(capacity: 16_384);

        public Dictionary<int, int> RcptCodes { get; } = [];

        public Dictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

        public int Failed { get; private set; }

        public void Record(double milliseconds, int rcptCode, string? error)
        {
            if (error is not null)
            {
                Failed++;
                Errors[error] = Errors.GetValueOrDefault(error) + 1;
                return;
            }

            LatenciesMs.Add(milliseconds);
            RcptCodes[rcptCode] = RcptCodes.GetValueOrDefault(rcptCode) + 1;
        }
    }
}
