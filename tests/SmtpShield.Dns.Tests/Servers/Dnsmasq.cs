using System.Diagnostics;
using System.Net;

namespace SmtpShield.Dns.Tests.Servers;

/// <summary>
/// A dnsmasq process (Debian package dnsmasq-base) on a loopback address and a free port, in the foreground,
/// with no configuration file, no upstream and no /etc/hosts, logging every query to stderr.
/// </summary>
internal sealed class Dnsmasq : IDisposable
{
    private static readonly string[] s_candidates = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq"];

    private readonly Process _process;
    private readonly List<string> _log = [];
    private readonly Lock _logLock = new();

    private Dnsmasq(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The server as <see cref="DnsResolverOptions.Servers"/> takes it: "ip:port".</summary>
    public string Server => EndPoint.ToString();

    public static Dnsmasq Start(IPAddress address, params string[] arguments)
    {
        string binary = s_candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("dnsmasq not found: install the Debian package dnsmasq-base.");
        string lastLog = "";
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var endPoint = new IPEndPoint(address, Loopback.FreePort(address));
            var info = new ProcessStartInfo(binary)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            string[] common =
            [
                "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--pid-file=",
                $"--port={endPoint.Port}", $"--listen-address={address}", "--bind-interfaces",
                "--log-queries", "--log-facility=-",
            ];
            foreach (string argument in common.Concat(arguments))
            {
                info.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = info };
            var server = new Dnsmasq(process, endPoint);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();

            // dnsmasq binds its sockets before it logs "started"; if the port was taken meanwhile it exits.
            if (server.WaitForLog(line => line.Contains("started, version", StringComparison.Ordinal), TimeSpan.FromSeconds(10))
                && !process.HasExited)
            {
                return server;
            }

            lastLog = string.Join('\n', server.Log);
            server.Dispose();
        }

        throw new InvalidOperationException($"dnsmasq did not start:\n{lastLog}");
    }

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_logLock)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>
    /// How many queries of <paramref name="type"/> for <paramref name="name"/> dnsmasq logged
    /// ("query[A] name from ..." when forwarding or answering locally, "auth[A] ..." when authoritative).
    /// </summary>
    public int CountQueries(string name, string type) =>
        Log.Count(line => line.Contains($"[{type}] {name} from ", StringComparison.OrdinalIgnoreCase));

    public bool WaitForLog(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Log.Any(predicate))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return Log.Any(predicate);
            }

            Thread.Sleep(10);
        }

        return false;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Entire tree: dnsmasq forks a child for each TCP connection.
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.Add(line);
        }
    }
}
