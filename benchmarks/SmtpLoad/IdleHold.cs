using System.Diagnostics;

namespace SmtpLoad;

/// <summary>
/// The idle mode: warm the server up, measure it, open N connections that read the banner and then stay
/// silent, measure it again half-way through the hold, check a fresh session still completes, and check
/// at the end that the held connections were neither answered nor closed.
/// </summary>
internal static class IdleHold
{
    // Lets the server finish the accept burst (and its allocations) before memory is sampled.
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_sampleEvery = TimeSpan.FromSeconds(1);

    public static async Task<IdleHoldResult> RunAsync(IdleHoldOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        for (int i = 0; i < options.WarmupSessions; i++)
        {
            await TrySessionAsync(options, cancellationToken);
        }

        await Task.Delay(s_settle, cancellationToken);
        ProcessSample before = ProcessSample.Read(options.ServerPid);
        progress.WriteLine($"before: server PSS {before.PssKiB} KiB (anon {before.PssAnonKiB}), RSS {before.RssKiB} KiB, {before.Threads} threads, {before.OpenFiles} fds");

        var held = new SmtpClientConnection?[options.Connections];
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        long openStarted = Stopwatch.GetTimestamp();
        using (var gate = new SemaphoreSlim(options.OpenParallel))
        {
            await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    held[i] = await OpenAndReadBannerAsync(options, cancellationToken);
                }
                catch (SmtpLoadException e)
                {
                    lock (failures)
                    {
                        failures[e.Message] = failures.GetValueOrDefault(e.Message) + 1;
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        double openSeconds = Stopwatch.GetElapsedTime(openStarted).TotalSeconds;
        int heldCount = held.Count(c => c is not null);
        progress.WriteLine($"opened {heldCount} of {options.Connections} in {openSeconds:F1} s; holding {options.Hold.TotalSeconds:F0} s");

        try
        {
            long holdStarted = Stopwatch.GetTimestamp();
            // Sampled soon after "before": the shorter the gap, the less other processes mapping the same
            // runtime files can shift this process's file-backed PSS in between.
            await Task.Delay(s_settle, cancellationToken);
            ProcessSample holding = ProcessSample.Read(options.ServerPid);
            long holdSampled = Stopwatch.GetTimestamp();
            long peak = holding.PssKiB;
            while (Stopwatch.GetElapsedTime(holdStarted) < options.Hold / 2)
            {
                await Task.Delay(s_sampleEvery, cancellationToken);
                peak = Math.Max(peak, ProcessSample.Read(options.ServerPid).PssKiB);
            }

            progress.WriteLine($"holding: server PSS {holding.PssKiB} KiB (anon {holding.PssAnonKiB}), RSS {holding.RssKiB} KiB, {holding.Threads} threads, {holding.OpenFiles} fds");
            long probeStarted = Stopwatch.GetTimestamp();
            (bool probeOk, string probeDetail) = await TrySessionAsync(options, cancellationToken);
            double probeMs = Stopwatch.GetElapsedTime(probeStarted).TotalMilliseconds;

            while (Stopwatch.GetElapsedTime(holdStarted) < options.Hold)
            {
                await Task.Delay(s_sampleEvery, cancellationToken);
                peak = Math.Max(peak, ProcessSample.Read(options.ServerPid).PssKiB);
            }

            ProcessSample holdEnd = ProcessSample.Read(options.ServerPid);
            double cpuPercent = (holdEnd.CpuSeconds - holding.CpuSeconds) * 100 / Stopwatch.GetElapsedTime(holdSampled).TotalSeconds;
            int alive = held.Count(c => c is not null && !c.HasInputOrClosed());
            CloseAll(held);
            await Task.Delay(s_settle * 2, cancellationToken);
            ProcessSample afterClose = ProcessSample.Read(options.ServerPid);
            return new IdleHoldResult(
                options.Connections, heldCount, openSeconds, failures, before, holding, holdEnd, peak, afterClose,
                cpuPercent, probeOk, probeDetail, probeMs, alive);
        }
        finally
        {
            CloseAll(held);
        }
    }

    private static async Task<SmtpClientConnection> OpenAndReadBannerAsync(IdleHoldOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        SmtpClientConnection? connection = null;
        string step = "connect";
        try
        {
            connection = await SmtpClientConnection.ConnectAsync(options.Server, options.Sources.Next(), timeout.Token);
            step = "banner";
            int code = await connection.ReadReplyAsync(timeout.Token);
            if (code != 220)
            {
                throw new SmtpLoadException($"reply {code}");
            }

            return connection;
        }
        catch (Exception e) when (e is SmtpLoadException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            connection?.Dispose();
            string reason = e switch
            {
                System.Net.Sockets.SocketException s => s.SocketErrorCode.ToString(),
                OperationCanceledException => "timeout",
                _ => e.Message,
            };
            throw new SmtpLoadException($"{step}: {reason}", e);
        }
    }

    private static async Task<(bool Ok, string Detail)> TrySessionAsync(IdleHoldOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            int rcpt = await SessionDialogue.RunAsync(options.Server, options.ProbeSources.Next(), timeout.Token);
            return (true, $"RCPT {rcpt}");
        }
        catch (SmtpLoadException e)
        {
            return (false, e.Message);
        }
    }

    private static void CloseAll(SmtpClientConnection?[] held)
    {
        for (int i = 0; i < held.Length; i++)
        {
            held[i]?.Dispose();
            held[i] = null;
        }
    }
}
