using System.Net;
using SmtpShield.Dns;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// A dnsmasq process (Debian package dnsmasq-base) on a free loopback address and port, in the foreground,
/// with no configuration file, no upstream and no /etc/hosts: it answers only from the records given on its
/// command line (the approach of SmtpShield.Dns.Tests).
/// </summary>
internal sealed class Dnsmasq : IDisposable
{
    private static readonly string[] s_candidates = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq"];
    private static int s_syncs;

    private readonly ServerProcess _process;

    private Dnsmasq(ServerProcess process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The server as Dns:Servers takes it: "ip:port".</summary>
    public string Server => EndPoint.ToString();

    public static async Task<Dnsmasq> StartAsync(params string[] arguments)
    {
        string binary = s_candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("dnsmasq not found: install the Debian package dnsmasq-base.");
        string lastLog = string.Empty;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            IPAddress address = Loopback.RandomServerAddress();
            var endPoint = new IPEndPoint(address, Loopback.FreePort(address));
            string[] common =
            [
                "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--pid-file=",
                $"--port={endPoint.Port}", $"--listen-address={address}", "--bind-interfaces",
                "--log-queries", "--log-facility=-",
            ];
            ServerProcess process = ServerProcess.Start(binary, [.. common, .. arguments]);

            // dnsmasq binds its sockets before it logs "started"; if the port was taken meanwhile it exits.
            if (await process.WaitForLineAsync(line => line.Contains("started, version", StringComparison.Ordinal), TimeSpan.FromSeconds(10))
                && !process.HasExited)
            {
                return new Dnsmasq(process, endPoint);
            }

            lastLog = string.Join('\n', process.Lines);
            process.Dispose();
        }

        throw new InvalidOperationException($"dnsmasq did not start:\n{lastLog}");
    }

    /// <summary>How many questions of <paramref name="type"/> whose name satisfies <paramref name="name"/> dnsmasq has logged ("query[A] name from …").</summary>
    public int CountQueries(Func<string, bool> name, string type) =>
        _process.Lines.Count(line => line.Split(' ') is [_, string query, string asked, "from", ..]
            && query == $"query[{type}]"
            && name(asked));

    /// <summary>
    /// Returns once every query dnsmasq has answered so far is in <see cref="CountQueries"/>: it asks a
    /// question of its own and waits for its log line, which dnsmasq (one process) writes after the lines
    /// of every earlier query.
    /// </summary>
    public async Task SyncLogAsync()
    {
        string name = $"sync-{Interlocked.Increment(ref s_syncs)}.invalid";
        var options = new DnsResolverOptions { Timeout = TimeSpan.FromSeconds(1), Attempts = 3 };
        options.Servers.Add(Server);
        await new DnsStubResolver(options).QueryAsync(name, DnsRecordType.TXT);
        Assert.True(await _process.WaitForLineAsync(line => line.Contains($" {name} ", StringComparison.Ordinal), TimeSpan.FromSeconds(5)),
            $"dnsmasq did not log the barrier query {name}:\n{string.Join('\n', _process.Lines.TakeLast(20))}");
    }

    public void Dispose() => _process.Dispose();
}
