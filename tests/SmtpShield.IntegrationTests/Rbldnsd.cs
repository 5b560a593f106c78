using System.Net;
using SmtpShield.Dns;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// rbldnsd (Debian package rbldnsd), the daemon real DNSBLs are served with, on a free loopback address and
/// port: in the foreground, answering for the given zones from files in its own temp directory, and logging
/// every query it answers to stdout ("time client name type IN: result"), so a test can count them.
/// </summary>
internal sealed class Rbldnsd : IDisposable
{
    private static readonly string[] s_candidates = ["/usr/sbin/rbldnsd", "/usr/bin/rbldnsd"];
    private static int s_syncs;

    private readonly ServerProcess _process;
    private readonly TempDirectory _data;
    private readonly string _syncZone;

    private Rbldnsd(ServerProcess process, TempDirectory data, IPEndPoint endPoint, string syncZone)
    {
        _process = process;
        _data = data;
        EndPoint = endPoint;
        _syncZone = syncZone;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The server as Dns:Servers takes it: "ip:port".</summary>
    public string Server => EndPoint.ToString();

    /// <summary>Starts rbldnsd serving <paramref name="zones"/>; several datasets may make up one zone.</summary>
    public static async Task<Rbldnsd> StartAsync(params RbldnsdDataset[] zones)
    {
        string binary = s_candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("rbldnsd not found: install the Debian package rbldnsd.");
        var data = new TempDirectory();
        try
        {
            var specs = new List<string>();
            for (int i = 0; i < zones.Length; i++)
            {
                string file = $"{i}-{zones[i].Zone}.{zones[i].Type}";
                await File.WriteAllTextAsync(data.File(file), zones[i].Data);
                specs.Add($"{zones[i].Zone}:{zones[i].Type}:{file}");
            }

            string lastLog = string.Empty;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                IPAddress address = Loopback.RandomServerAddress();
                var endPoint = new IPEndPoint(address, Loopback.FreePort(address));
                // -n: foreground; -l +-: every query to stdout, line-buffered. rbldnsd refuses to run as root,
                // so a root test run hands it to an unprivileged user (the data files are world-readable).
                List<string> arguments = ["-n", "-b", $"{address}/{endPoint.Port}", "-w", data.Path, "-l", "+-"];
                if (Environment.IsPrivilegedProcess)
                {
                    arguments.InsertRange(0, ["-u", "nobody"]);
                }

                ServerProcess process = ServerProcess.Start(binary, [.. arguments, .. specs]);
                if (await process.WaitForLineAsync(line => line.Contains(" started (", StringComparison.Ordinal), TimeSpan.FromSeconds(10))
                    && !process.HasExited)
                {
                    return new Rbldnsd(process, data, endPoint, zones[0].Zone);
                }

                lastLog = string.Join('\n', process.Lines);
                process.Dispose();
            }

            throw new InvalidOperationException($"rbldnsd did not start:\n{lastLog}");
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>How many queries of <paramref name="type"/> ("A", "TXT") for <paramref name="name"/> rbldnsd has logged.</summary>
    public int CountQueries(string name, string type) =>
        _process.Lines.Count(line => line.Split(' ') is [_, _, string qname, string qtype, "IN:", ..]
            && qname.Equals(name, StringComparison.OrdinalIgnoreCase)
            && qtype.Equals(type, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Returns once every query rbldnsd has answered so far is in <see cref="CountQueries"/>: it asks a
    /// question of its own and waits for its log line, which rbldnsd (one process, one socket) writes after
    /// the lines of every earlier query.
    /// </summary>
    public async Task SyncLogAsync()
    {
        string name = $"sync-{Interlocked.Increment(ref s_syncs)}.{_syncZone}";
        var options = new DnsResolverOptions { Timeout = TimeSpan.FromSeconds(1), Attempts = 3 };
        options.Servers.Add(Server);
        DnsResult answer = await new DnsStubResolver(options).QueryAsync(name, DnsRecordType.TXT);
        Assert.True(answer.Status is not DnsStatus.TempError, $"rbldnsd did not answer the log barrier query: {answer}");
        Assert.True(await _process.WaitForLineAsync(line => line.Contains($" {name} ", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(5)),
            $"rbldnsd did not log the barrier query {name}:\n{string.Join('\n', _process.Lines.TakeLast(20))}");
    }

    /// <summary>Kills rbldnsd (SIGKILL): its port closes, so queries draw ICMP port unreachable from then on.</summary>
    public void Kill() => _process.Kill();

    public void Dispose()
    {
        _process.Dispose();
        _data.Dispose();
    }
}

/// <summary>One rbldnsd dataset: a zone, a dataset type (ip4set, ip6trie, …) and its data in rbldnsd's format.</summary>
internal sealed record RbldnsdDataset(string Zone, string Type, string Data);
