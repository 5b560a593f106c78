using System.Diagnostics;

namespace SmtpLoad;

/// <summary>
/// The wave mode: open every connection from the one source address (at most
/// <see cref="WaveOptions.OpenParallel"/> connects at once), then run the whole dialogue on all of them
/// concurrently, as the wave test in the integration tests does.
/// </summary>
internal static class Wave
{
    public static async Task<WaveResult> RunAsync(WaveOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        var connections = new SmtpClientConnection?[options.Sessions];
        long started = Stopwatch.GetTimestamp();
        try
        {
            using (var gate = new SemaphoreSlim(options.OpenParallel))
            {
                await Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(async i =>
                {
                    await gate.WaitAsync(timeout.Token);
                    try
                    {
                        connections[i] = await SmtpClientConnection.ConnectAsync(options.Server, options.Source, timeout.Token);
                    }
                    catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
                    {
                        Count(errors, e is System.Net.Sockets.SocketException s ? $"connect: {s.SocketErrorCode}" : "connect: timeout");
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            double connectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            long talking = Stopwatch.GetTimestamp();
            (int Code, double Ms, string? Error)[] outcomes = await Task.WhenAll(connections.Where(c => c is not null).Select(async connection =>
            {
                try
                {
                    int code = await SessionDialogue.ContinueAsync(connection!, timeout.Token);
                    double ms = Stopwatch.GetElapsedTime(talking).TotalMilliseconds;
                    return !ReplyExpectation.Holds(options.ExpectRcpt, code)
                        ? (code, ms, $"rcpt: reply {code}")
                        : (code, ms, (string?)null);
                }
                catch (SmtpLoadException e)
                {
                    return (0, 0, e.Message);
                }
            }));
            double totalSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var codes = new SortedDictionary<int, int>();
            List<double> latencies = [];
            foreach ((int code, double ms, string? error) in outcomes)
            {
                if (error is not null)
                {
                    Count(errors, error);
                }

                if (code != 0)
                {
                    codes[code] = codes.GetValueOrDefault(code) + 1;
                }

                if (error is null)
                {
                    latencies.Add(ms);
                }
            }

            latencies.Sort();
            return new WaveResult(
                options.Sessions,
                connections.Count(c => c is not null),
                connectSeconds,
                latencies.Count,
                codes,
                errors,
                Percentiles.Of(latencies, 50),
                Percentiles.Of(latencies, 99),
                latencies.Count == 0 ? double.NaN : latencies[^1],
                totalSeconds);
        }
        finally
        {
            foreach (SmtpClientConnection? connection in connections)
            {
                connection?.Dispose();
            }
        }
    }

    private static void Count(Dictionary<string, int> errors, string error)
    {
        lock (errors)
        {
            errors[error] = errors.GetValueOrDefault(error) + 1;
        }
    }
}
