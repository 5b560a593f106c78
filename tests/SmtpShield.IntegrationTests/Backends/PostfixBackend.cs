using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>
/// A private Postfix instance (Debian package postfix, run as root) with its own config_directory,
/// queue_directory, data_directory, maildirs and maillog in a temp directory, listening on a free loopback
/// address and port. /etc/postfix and the system instance are never touched (only the package's
/// /etc/postfix/postfix-files is read, as every Postfix command does).
/// <list type="bullet">
/// <item>alice@backend.test is a virtual(8) mailbox (a maildir owned by nobody); any other local part draws
/// <c>550 5.1.1 … User unknown in virtual mailbox table</c> at RCPT.</item>
/// <item>mynetworks has the Debian default shape (127.0.0.0/8 is trusted), so a plain connection from
/// loopback may relay anywhere: the open-relay trap SmtpShield must avoid (shared/INTEGRATION.md §1.6). A
/// client identified by XCLIENT or PROXY as an outside address draws <c>554 5.7.1 … Relay access denied</c>.
/// Mail that does get relayed stays in the queue (defer_transports), so nothing ever leaves the machine.</item>
/// <item>No DNS: smtpd_peername_lookup = no, so the fake client addresses cost no reverse lookups.</item>
/// </list>
/// </summary>
internal sealed class PostfixBackend : IBackendMta
{
    private const string PostfixCommand = "/usr/sbin/postfix";
    public const string Hostname = "mx.backend.test";

    // shared/INTEGRATION.md §1.3: Postfix accepts v2 LOCAL (a health check) on a haproxy listener and then
    // treats the session as localhost; UNKNOWN would be refused.
    private static readonly byte[] s_proxyV2Local = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00];
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_bannerTimeout = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _directory;
    private readonly int _masterPid;
    private bool _disposed;

    private PostfixBackend(TempDirectory directory, PostfixListener listener, IPEndPoint endPoint, string inetProtocols, int masterPid)
    {
        _directory = directory;
        Listener = listener;
        EndPoint = endPoint;
        InetProtocols = inetProtocols;
        _masterPid = masterPid;
    }

    public string Name => Listener == PostfixListener.Xclient ? "postfix-xclient" : "postfix-proxy";

    public IPEndPoint EndPoint { get; }

    public string Identity => Listener == PostfixListener.Xclient ? "xclient" : "proxy-v2";

    public IPAddress? SourceAddress => null;

    public string LocalDomain => "backend.test";

    public string ExistingUser => "alice";

    /// <summary>Which identity mechanism the smtpd listener takes.</summary>
    public PostfixListener Listener { get; }

    /// <summary>
    /// "all" or "ipv4": only with "all" does Postfix take IPv6 client addresses (XCLIENT ADDR=IPV6:…, PROXY TCP6);
    /// with "ipv4" it answers them with 501 or 421 (shared/INTEGRATION.md §1.1, §1.3).
    /// </summary>
    public string InetProtocols { get; }

    public IReadOnlyList<string> LogLines => ReadLines(MaillogPath);

    private string ConfigDirectory => _directory.File("etc");

    /// <summary>
    /// The unix-socket smtpd (deploy/backends/postfix-xclient.cf's socket variant): XCLIENT for whoever can
    /// reach the socket, $queue_directory/public/smtpshield. Present in both kinds of instance.
    /// </summary>
    public string UnixSocketPath => Path.Combine(_directory.File("spool"), "public", "smtpshield");

    private string MaillogPath => _directory.File("maillog");

    private string MailDirectory => _directory.File("mail");

    /// <summary>smtpd with <c>smtpd_authorized_xclient_hosts = 127.0.0.0/8</c>: SmtpShield connects from loopback and sends XCLIENT.</summary>
    /// <remarks><paramref name="settings"/> are main.cf lines added last (Postfix keeps the last of a repeated parameter).</remarks>
    public static Task<PostfixBackend> StartXclientAsync(params (string Name, string Value)[] settings) => StartAsync(PostfixListener.Xclient, settings);

    /// <summary>smtpd with <c>smtpd_upstream_proxy_protocol = haproxy</c>: every connection starts with a PROXY v1 or v2 header.</summary>
    public static Task<PostfixBackend> StartProxyAsync(params (string Name, string Value)[] settings) => StartAsync(PostfixListener.Proxy, settings);

    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            List<string> messages = ReadMessages();
            if (messages.Count >= count || clock.Elapsed >= timeout)
            {
                return messages;
            }

            await Task.Delay(50);
        }
    }

    public void Kill()
    {
        // Only members of the master's process group are touched (FindMaster made sure the master leads its own).
        // The master goes first, so it forks no new children; orphaned children keep the group id, so the sweep
        // repeats until it finds nothing.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            List<int> members = ProcFs.LiveProcessGroupMembers(_masterPid);
            if (members.Count == 0)
            {
                return;
            }

            foreach (int pid in members.OrderBy(pid => pid != _masterPid))
            {
                ProcFs.Kill(pid);
            }

            Thread.Sleep(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (ProcFs.IsRunning(_masterPid))
        {
            try
            {
                // "postfix stop" signals the master, which signals its group; it does not wait for the exit.
                await RunPostfixAsync(ConfigDirectory, "stop");
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < TimeSpan.FromSeconds(5) && ProcFs.LiveProcessGroupMembers(_masterPid).Count > 0)
                {
                    await Task.Delay(20);
                }
            }
            catch (TimeoutException)
            {
                // Killed below.
            }
        }

        Kill();
        _directory.Dispose();
    }

    public override string ToString() => $"{Name} at {EndPoint}";

    private static async Task<PostfixBackend> StartAsync(PostfixListener listener, (string Name, string Value)[] settings)
    {
        if (!File.Exists(PostfixCommand))
        {
            throw new InvalidOperationException(
                $"{PostfixCommand} not found: install the Debian package postfix "
                + "(echo \"postfix postfix/main_mailer_type select No configuration\" | debconf-set-selections; apt-get install -y postfix).");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("A private Postfix instance must be started as root (postfix start drops privileges itself).");
        }

        // Without IPv6 in the kernel, "all" only earns a warning, but say what the instance can do.
        string inetProtocols = Socket.OSSupportsIPv6 ? "all" : "ipv4";
        string failure = string.Empty;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            IPAddress address = Loopback.RandomServerAddress();
            var endPoint = new IPEndPoint(address, Loopback.FreePort(address));
            var directory = new TempDirectory();
            PostfixBackend? backend = null;
            try
            {
                await PostfixConfiguration.WriteAsync(directory, listener, endPoint, inetProtocols, settings);
                ProcessResult start = await RunPostfixAsync(directory.File("etc"), "start");

                // Whatever "postfix start" said, a master of this instance that runs is owned from here on, so that
                // disposing the backend stops it.
                if (FindMaster(directory.File("etc")) is int masterPid)
                {
                    backend = new PostfixBackend(directory, listener, endPoint, inetProtocols, masterPid);
                }

                string? problem = start.ExitCode != 0 ? $"'postfix start' failed: {start}"
                    : backend is null ? "'postfix start' succeeded, but no master process of the instance is running."
                    : await backend.TryReadBannerAsync();
                if (problem is null)
                {
                    return backend!;
                }

                List<string> log = ReadLines(directory.File("maillog"));
                failure = $"{problem}\n--- maillog ---\n{Tail(log)}\n"
                    + "(Postfix reports errors it meets before reading main.cf to syslog only, and to stderr only on a terminal.)";
                if (backend is not null)
                {
                    await backend.DisposeAsync();
                    backend = null;
                }
                else
                {
                    directory.Dispose();
                }

                // Only a lost race for the port is worth another address; anything else is a configuration error.
                if (!log.Any(line => line.Contains("Address already in use", StringComparison.Ordinal)))
                {
                    break;
                }
            }
            catch
            {
                if (backend is not null)
                {
                    await backend.DisposeAsync();
                }
                else
                {
                    directory.Dispose();
                }

                throw;
            }
        }

        throw new InvalidOperationException($"Postfix ({listener}) did not start:\n{failure}");
    }

    private static async Task<ProcessResult> RunPostfixAsync(string configDirectory, string command)
    {
        // -c exports MAIL_CONFIG to everything the instance runs; an inherited one must not compete with it.
        using ChildProcess postfix = ChildProcess.Start(
            PostfixCommand,
            ["-c", configDirectory, command],
            new Dictionary<string, string?> { ["MAIL_CONFIG"] = null });
        return await postfix.WaitForExitAsync(s_commandTimeout);
    }

    /// <summary>
    /// The master daemon of the instance: "postfix start" returns once it has initialized ("master -w"). Its
    /// master.pid cannot be read from .NET (the master holds an exclusive flock on it, and .NET takes a shared
    /// one to read), so it is found in /proc: the process named master, leading its own process group, with
    /// MAIL_CONFIG (which postfix(1) exports to the whole instance) naming this instance's config directory.
    /// </summary>
    private static int? FindMaster(string configDirectory)
    {
        byte[] marker = Encoding.UTF8.GetBytes($"MAIL_CONFIG={configDirectory}\0");
        foreach (int pid in ProcFs.Pids())
        {
            if (ProcFs.ReadStat(pid) is { Command: "master", State: not 'Z' } stat && stat.Group == pid)
            {
                try
                {
                    if (File.ReadAllBytes($"/proc/{pid}/environ").AsSpan().IndexOf(marker) >= 0)
                    {
                        return pid;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Gone meanwhile.
                }
            }
        }

        return null;
    }

    /// <summary>Connects, sends the PROXY header the listener needs, and waits for the 220 banner; null on success.</summary>
    private async Task<string?> TryReadBannerAsync()
    {
        var clock = Stopwatch.StartNew();
        string failure = "no attempt";
        while (clock.Elapsed < s_bannerTimeout)
        {
            try
            {
                using var timeout = new CancellationTokenSource(s_bannerTimeout - clock.Elapsed);
                using var tcp = new TcpClient(AddressFamily.InterNetwork);
                await tcp.ConnectAsync(EndPoint, timeout.Token);
                NetworkStream stream = tcp.GetStream();
                if (Listener == PostfixListener.Proxy)
                {
                    await stream.WriteAsync(s_proxyV2Local, timeout.Token);
                }

                string banner = await ReadLineAsync(stream, timeout.Token);
                if (banner.StartsWith("220 ", StringComparison.Ordinal))
                {
                    await stream.WriteAsync("QUIT\r\n"u8.ToArray(), timeout.Token);
                    return null;
                }

                return $"Postfix at {EndPoint} greeted with '{banner}'.";
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                failure = $"Postfix at {EndPoint} gave no banner: {e.Message}";
                await Task.Delay(50);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return $"{failure} (waited {s_bannerTimeout.TotalSeconds:0} s)";
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        byte[] octet = new byte[1];
        while (line.Count < 1000 && await stream.ReadAsync(octet, cancellationToken) == 1)
        {
            if (octet[0] == '\n')
            {
                break;
            }

            line.Add(octet[0]);
        }

        return Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
    }

    /// <summary>
    /// Every message virtual(8) has delivered, in delivery order. A maildir delivery writes into tmp/ and
    /// renames into new/, so a file in new/ (or cur/) is always complete.
    /// </summary>
    private List<string> ReadMessages()
    {
        if (!Directory.Exists(MailDirectory))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(MailDirectory, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(Path.GetDirectoryName(file)) is "new" or "cur")
            .Select(file => new FileInfo(file))
            .OrderBy(file => file.LastWriteTimeUtc)
            .ThenBy(file => file.Name, StringComparer.Ordinal)
            .Select(file => File.ReadAllText(file.FullName))];
    }

    private static List<string> ReadLines(string path)
    {
        try
        {
            // postlogd keeps the file open for writing; share it rather than lock it.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var lines = new List<string>();
            while (reader.ReadLine() is string line)
            {
                lines.Add(line);
            }

            return lines;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static string Tail(IReadOnlyList<string> lines) => string.Join('\n', lines.TakeLast(30));
}

/// <summary>How the instance's smtpd learns the real client: XCLIENT from an authorized host, or a PROXY header.</summary>
internal enum PostfixListener
{
    Xclient,
    Proxy,
}
