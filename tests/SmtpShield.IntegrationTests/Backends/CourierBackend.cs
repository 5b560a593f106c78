using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>
/// Debian 12's Courier 1.0.16 (couriertcpd + courieresmtpd, package courier-mta) as a backend: it takes
/// neither XCLIENT nor PROXY (shared/INTEGRATION.md §1.5), so SmtpShield must connect from
/// <see cref="SourceAddress"/>, a loopback address whose smtpaccess entry has no RELAYCLIENT, while
/// Debian's own "127.0.0.1 allow,RELAYCLIENT" stays in place: the open-relay trap of §1.6 is real here.
/// </summary>
/// <remarks>
/// <para>
/// Courier hardcodes its paths, so it runs from the bookworm root that scripts/backends/courier.sh
/// debootstraps into a cache directory. Each instance runs in its own mount and pid namespace
/// (<c>unshare --mount --pid --fork</c>): it bind-mounts private copies of /etc/courier, /var/lib/courier
/// and /run/courier, and its own syslog socket on /dev/log, over that shared root, then chroots into it.
/// The network namespace stays the host's, so couriertcpd listens on a random 127.x address. Several
/// instances can therefore run at once, and none of them writes to the shared root.
/// </para>
/// <para>
/// Courier's own delivery daemon (courierd) does not run: an accepted message stays in the queue
/// (/var/lib/courier/tmp/&lt;n&gt;/D&lt;inode&gt;, with its control file C&lt;inode&gt;), exactly as
/// courieresmtpd's submit wrote it, with Courier's own Received header on top. Submit renames both files
/// into place only once the message is committed (it writes the data to a temp file meanwhile), and that
/// is what <see cref="WaitForMessagesAsync"/> reads. Whether a local part exists is decided at RCPT time
/// through authdaemond (authuserdb), whose userdb holds only <see cref="ExistingUser"/>; any other local
/// part gets "550 User &lt;x&gt; unknown".
/// </para>
/// </remarks>
internal sealed class CourierBackend : IBackendMta
{
    /// <summary>Courier's hostname (the "me" control file): the "by" of its Received header and its banner.</summary>
    public const string Hostname = "mx.backend.test";

    private const string InitPidTag = "courier-backend: init pid ";

    // Runs as root inside the new mount + pid namespace. $1: the provisioned root, $2: the instance
    // directory, $3: couriertcpd's "address.port". The first shell prints its host pid and its parent's
    // (unshare's) — /proc is still the host's, so /proc/self/stat holds host pids — then execs chroot, sh
    // and finally couriertcpd, which keeps that pid: it is the namespace's init, and killing it kills every
    // process of the instance.
    private const string LaunchScript = """
        set -eu
        root=$1 instance=$2 listen=$3
        read -r pid _ _ ppid _ < /proc/self/stat
        echo "courier-backend: init pid $pid of $ppid"
        # Debian's configuration and queue skeleton (owners and modes kept), then the fixture's files.
        cp -a "$root/etc/courier/." "$instance/etc/"
        cp -a "$root/var/lib/courier/." "$instance/lib/"
        cp -R "$instance/config/." "$instance/etc/"
        chmod 600 "$instance/etc/userdb"      # makeuserdb refuses a readable userdb
        chmod 666 "$instance/log.sock"        # courieresmtpd and submit log as the courier user
        mount --bind "$instance/etc" "$root/etc/courier"
        mount --bind "$instance/lib" "$root/var/lib/courier"
        mount --bind "$instance/run" "$root/run/courier"
        mount --bind "$instance/log.sock" "$root/dev/log"
        exec chroot "$root" /bin/sh -ec '
          PATH=/usr/sbin:/usr/bin:/sbin:/bin
          makeuserdb
          makesmtpaccess
          makeacceptmailfor
          mkdir -p /run/courier/authdaemon
          /usr/lib/courier/courier-authlib/authdaemond &
          # courieresmtpd asks authdaemond at RCPT; without its socket the answer would be a 450.
          i=0
          while [ ! -S /run/courier/authdaemon/socket ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
          # What /usr/sbin/esmtpd does: export esmtpd settings to courieresmtpd, then our overrides.
          sysconfdir=/etc/courier
          set -a
          . /etc/courier/esmtpd
          . /etc/courier/esmtpd.smtpshield
          set +a
          # Foreground (no -pid), no DNS or ident lookups of the client, courieresmtpd stderr to ours;
          # otherwise the options /usr/sbin/esmtpd builds from the esmtpd settings.
          exec /usr/sbin/couriertcpd -nodnslookup -noidentlookup -user="$MAILUSER" -group="$MAILGROUP" \
            -access=/etc/courier/smtpaccess.dat -maxprocs="$MAXDAEMONS" -maxperc="$MAXPERC" -maxperip="$MAXPERIP" \
            "$1" /usr/sbin/courieresmtpd
        ' courier-backend "$listen"
        """;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly ServerProcess _process;
    private readonly TempDirectory _instance;
    private readonly SyslogSocket _syslog;

    private CourierBackend(ServerProcess process, TempDirectory instance, SyslogSocket syslog, IPEndPoint endPoint, IPAddress sourceAddress)
    {
        _process = process;
        _instance = instance;
        _syslog = syslog;
        EndPoint = endPoint;
        SourceAddress = sourceAddress;
    }

    public string Name => "courier-none";

    public IPEndPoint EndPoint { get; }

    public string Identity => "none";

    /// <summary>A random 127.1.x.y, listed in smtpaccess as "allow,MAXCPERIP=1000" (no RELAYCLIENT).</summary>
    public IPAddress SourceAddress { get; }

    IPAddress? IBackendMta.SourceAddress => SourceAddress;

    public string LocalDomain => "backend.test";

    public string ExistingUser => "alice";

    /// <summary>The EHLO keywords courieresmtpd advertised to <see cref="SourceAddress"/> at start, e.g. "PIPELINING", "SIZE".</summary>
    public IReadOnlyList<string> EhloKeywords { get; private set; } = [];

    /// <summary>The launcher's and couriertcpd's output, then what Courier sent to syslog (courieresmtpd, submit, authdaemond).</summary>
    public IReadOnlyList<string> LogLines => [.. _process.Lines, .. _syslog.Lines];

    /// <summary>Where the provisioned root lives: $SMTPSHIELD_TEST_BACKENDS/courier/root, by default under /var/cache/smtpshield-tests.</summary>
    public static string ProvisionedRoot =>
        Path.Combine(Environment.GetEnvironmentVariable("SMTPSHIELD_TEST_BACKENDS") is { Length: > 0 } parent ? parent : "/var/cache/smtpshield-tests", "courier", "root");

    public static async Task<CourierBackend> StartAsync()
    {
        string root = ProvisionedRoot;
        if (!File.Exists(Path.Combine(root, ".smtpshield-courier-provisioned")))
        {
            throw new InvalidOperationException(
                $"Courier is not provisioned at {root}: run scripts/backends/courier.sh (as root) first.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("The Courier backend needs root: it runs chroot and bind mounts in a private mount namespace.");
        }

        string lastLog = string.Empty;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            IPAddress address = Loopback.RandomServerAddress();
            var endPoint = new IPEndPoint(address, Loopback.FreePort(address));
            var sourceAddress = new IPAddress([127, 1, (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);
            var instance = new TempDirectory();
            SyslogSocket? syslog = null;
            CourierBackend? backend = null;
            try
            {
                WriteConfiguration(instance, sourceAddress);
                syslog = new SyslogSocket(instance.File("log.sock"));
                // --kill-child only covers the launcher: couriertcpd's setuid clears the parent-death signal.
                ServerProcess process = ServerProcess.Start(
                    "unshare",
                    ["--mount", "--pid", "--fork", "--kill-child", "--propagation", "private",
                        "/bin/sh", "-c", LaunchScript, "courier-backend", root, instance.Path, $"{address}.{endPoint.Port}"]);
                backend = new CourierBackend(process, instance, syslog, endPoint, sourceAddress);
                if (await backend.TryProbeAsync())
                {
                    return backend;
                }

                backend.Kill(); // also waits for the last output lines
                lastLog = string.Join('\n', backend.LogLines.TakeLast(40));
                await backend.DisposeAsync();
            }
            catch
            {
                if (backend is null)
                {
                    syslog?.Dispose();
                    instance.Dispose();
                }
                else
                {
                    await backend.DisposeAsync();
                }

                throw;
            }
        }

        throw new InvalidOperationException($"Courier (couriertcpd) did not start; last log lines:\n{lastLog}");
    }

    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            List<string> messages = ReadQueuedMessages();
            if (messages.Count >= count || clock.Elapsed >= timeout)
            {
                return messages;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// SIGKILLs the namespace's init (couriertcpd): the kernel then kills every other process in the pid
    /// namespace (courieresmtpd sessions, authdaemond) at once, and unshare exits.
    /// </summary>
    public void Kill()
    {
        if (InitPid() is (int pid, int parent) && IsChildOf(pid, parent))
        {
            try
            {
                using var init = Process.GetProcessById(pid);
                init.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }

        // unshare exits once its child is gone; anything left (a launcher that died before its pid line) goes too.
        var clock = Stopwatch.StartNew();
        while (!_process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(10);
        }

        _process.Kill();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        _syslog.Dispose();
        _instance.Dispose();
        return ValueTask.CompletedTask;
    }

    // Only files Courier's Debian configuration lacks, or ones the fixture must own; Debian's
    // smtpaccess/default (127.0.0.1 allow,RELAYCLIENT) is deliberately left as shipped.
    private static void WriteConfiguration(TempDirectory instance, IPAddress sourceAddress)
    {
        foreach (string directory in new[] { "etc", "lib", "run", "config/smtpaccess", "config/esmtpacceptmailfor.dir" })
        {
            Directory.CreateDirectory(instance.File(directory));
        }

        void Write(string name, string text) => File.WriteAllText(instance.File("config/" + name), text);

        Write("me", Hostname + "\n");
        Write("defaultdomain", "backend.test\n");
        // Local domains: the local part is looked up through authdaemond, the domain is stripped.
        Write("locals", "localhost\nbackend.test\n");
        // Domains courieresmtpd accepts mail for from clients without RELAYCLIENT.
        Write("esmtpacceptmailfor.dir/smtpshield", "backend.test\n");
        // couriertcpd uses the most specific entry for the client, so 127.0.0.1's RELAYCLIENT does not
        // apply here; MAXCPERIP lifts the per-IP limit for the one address every proxied session comes from.
        Write("smtpaccess/smtpshield", $"{sourceAddress}\tallow,MAXCPERIP=1000\n");
        // The one mailbox: any non-root uid will do, nothing is delivered (courierd does not run).
        Write("userdb", "alice\tuid=1000|gid=1000|home=/var/lib/courier/alice|shell=/bin/false\n");
        Write("authdaemonrc", """
            authmodulelist="authuserdb"
            daemons=1
            authdaemonvar=/run/courier/authdaemon
            DEBUG_LOGIN=0
            DEFAULTOPTIONS=""
            LOGGEROPTS=""

            """);
        // Sourced after Debian's esmtpd: no DNS checks of the sender's domain, no tarpit delays after
        // errors, and connection limits far above Debian's 5 per IP and per C block (every proxied
        // session comes from the one SourceAddress) and 40 in all.
        Write("esmtpd.smtpshield", """
            BOFHCHECKDNS=0
            TARPIT=0
            MAXPERIP=1000
            MAXPERC=1000
            MAXDAEMONS=200

            """);
    }

    /// <summary>Waits until couriertcpd answers with a 220 and records the EHLO keywords; false if it exits or never does.</summary>
    private async Task<bool> TryProbeAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < s_startTimeout && !_process.HasExited)
        {
            try
            {
                await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(EndPoint, SourceAddress);
                var ehlo = await client.ExpectAsync(250, "EHLO probe.smtpshield.test");
                EhloKeywords = [.. ehlo.Lines.Skip(1)];
                await client.ExpectAsync(221, "QUIT");
                return true;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    private (int Pid, int Parent)? InitPid() =>
        _process.Lines.FirstOrDefault(line => line.StartsWith(InitPidTag, StringComparison.Ordinal)) is string line
            && line[InitPidTag.Length..].Split(" of ") is [string pid, string parent]
            && int.TryParse(pid, out int p) && int.TryParse(parent, out int pp)
            ? (p, pp)
            : null;

    /// <summary>Whether <paramref name="pid"/> still runs with parent <paramref name="parent"/>: never kill a reused pid.</summary>
    private static bool IsChildOf(int pid, int parent) => ProcFs.ReadStat(pid) is { } stat && stat.Parent == parent;

    /// <summary>Committed messages (a D file with its C file beside it) in the order submit committed them.</summary>
    private List<string> ReadQueuedMessages()
    {
        var committed = new List<(DateTime Time, string Name, string Data)>();
        foreach (string queue in new[] { "lib/tmp", "lib/msgs" })
        {
            string directory = _instance.File(queue);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (string control in Directory.EnumerateFiles(directory, "C*", SearchOption.AllDirectories))
            {
                string data = Path.Combine(Path.GetDirectoryName(control)!, "D" + Path.GetFileName(control)[1..]);
                if (File.Exists(data))
                {
                    committed.Add((File.GetLastWriteTimeUtc(control), Path.GetFileName(control), File.ReadAllText(data)));
                }
            }
        }

        return [.. committed.OrderBy(m => m.Time).ThenBy(m => m.Name, StringComparer.Ordinal).Select(m => m.Data)];
    }
}
