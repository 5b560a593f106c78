using System.Diagnostics;
using System.Text;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// A child process with both output streams captured line by line as they arrive, so a test can wait for
/// a line ("LISTEN smtp …") while the process runs, and a time limit on every wait.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private Action<string>? _onStdoutLine;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>
    /// Starts <paramref name="fileName"/> in <paramref name="workingDirectory"/> (default: the temp directory);
    /// variables with a null value are removed from the inherited environment.
    /// </summary>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        Action<string>? onStdoutLine = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process) { _onStdoutLine = onStdoutLine };
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, child._stdout, child._stdoutClosed, isStdout: true);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, child._stderr, child._stderrClosed, isStdout: false);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the process to exit and both streams to drain; kills it (and fails) after <paramref name="timeout"/>.</summary>
    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"'{_process.StartInfo.FileName}' did not exit within {timeout.TotalSeconds:0.#} s.\n{Snapshot(-1)}");
        }

        return Snapshot(_process.ExitCode);
    }

    /// <summary>What the process has written so far, with <paramref name="exitCode"/>.</summary>
    public ProcessResult Snapshot(int exitCode)
    {
        lock (_lock)
        {
            return new ProcessResult(exitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void OnLine(string? line, StringBuilder output, TaskCompletionSource closed, bool isStdout)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (_lock)
        {
            output.Append(line).Append('\n');
        }

        if (isStdout)
        {
            _onStdoutLine?.Invoke(line);
        }
    }
}
