using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// A logger provider that keeps every formatted message ("Warning: DNSBL zone … disabled: …"), so a test
/// can assert on the lines an admin (or fail2ban) reads. Add it to a daemon with
/// <c>services.AddSingleton&lt;ILoggerProvider&gt;(capture)</c>; the configured log levels still apply.
/// </summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();

    /// <summary>Every message so far as "Level: message".</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

    /// <summary>Waits for a line satisfying <paramref name="predicate"/>; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (Lines.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"No matching log line within {timeout.TotalSeconds:0.#} s. The log:\n{string.Join('\n', Lines)}");
            }

            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_lock)
        {
            _lines.Add(line);
        }
    }

    private sealed class CapturingLogger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
