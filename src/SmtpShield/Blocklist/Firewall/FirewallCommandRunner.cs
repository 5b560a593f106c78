using System.Diagnostics;

namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// Runs one firewall program with its batch on standard input. Arguments are fixed words and the input
/// is built by the drivers' pure builders from parsed addresses: no text from the network reaches it.
/// </summary>
internal sealed class FirewallCommandRunner(TimeSpan timeout)
{
    public async Task RunAsync(string program, IReadOnlyList<string> arguments, string input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new FirewallCommandException($"{program} could not be started: {e.Message}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        Task<string> stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), deadline.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline.Token);
            await Task.WhenAll(stdout, stderr);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new FirewallCommandException($"{program} did not finish within {timeout.TotalSeconds:0.#} s");
        }
        catch (IOException e)
        {
            // It exited before reading all of its input: its own message says why.
            await process.WaitForExitAsync(CancellationToken.None);
            throw new FirewallCommandException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {FirstLine(await stderr)} ({e.Message})");
        }

        if (process.ExitCode != 0)
        {
            throw new FirewallCommandException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {FirstLine(await stderr)}");
        }
    }

    private static string FirstLine(string text)
    {
        text = text.Trim();
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }
}

/// <summary>A firewall command failed; the message is for the log line.</summary>
internal sealed class FirewallCommandException : Exception
{
    public FirewallCommandException()
    {
    }

    public FirewallCommandException(string message)
        : base(message)
    {
    }

    public FirewallCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
