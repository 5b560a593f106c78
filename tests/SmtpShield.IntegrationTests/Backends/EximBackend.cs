using System.Net;
using System.Text;
using SmtpShield.Sessions.Tls;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>
/// Exim 4.96 from Debian 12's exim4-daemon-heavy (the -light build lacks PROXY support, shared/INTEGRATION.md §1.4)
/// as a backend behind the PROXY protocol: a private daemon with its own config, spool, log and maildir in a
/// temp directory, on a free loopback address and port. Every connection from 127.0.0.0/8 or ::1 must open
/// with a PROXY header (v1 or v2, Exim tells them apart); Exim then sees the client named in the header.
/// The binary is unpacked, not installed (Exim and Postfix conflict as packages), by scripts/backends/exim.sh.
/// </summary>
/// <remarks>
/// Running Debian's binary with a config of its own, as root: Exim accepts <c>-C</c> from root, but because the
/// file is not in the compiled-in TRUSTED_CONFIG_LIST (/etc/exim4/trusted_configs) every re-exec it does for a
/// delivery gives up root ("exim user lost privilege for using -C option"). Deliveries therefore run as the
/// compiled-in exim user Debian-exim, which owns the spool, log and mail directories, and the transport names
/// that user. The compiled-in exim_path (/usr/sbin/exim4) does not exist here, so the config sets its own.
/// </remarks>
internal sealed class EximBackend : IBackendMta
{
    /// <summary>Debian's relay_from_hosts exactly: update-exim4.conf always appends 127.0.0.1 and ::1 (shared/INTEGRATION.md §1.6).</summary>
    public const string RelayFromHosts = "<; 127.0.0.1 ; ::1";

    /// <summary>How long Exim waits for the PROXY header (Exim's default: 3 s); shorter, so a test of a missing header is quick.</summary>
    public static readonly TimeSpan ProxyProtocolTimeout = TimeSpan.FromSeconds(2);

    // The Debian package's compiled-in EXIM_USER/EXIM_GROUP (ref:Debian-exim), created by scripts/backends/exim.sh.
    private const string EximUser = "Debian-exim";
    private const string DefaultBackends = "/var/cache/smtpshield-tests";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);

    // PROXY v2 LOCAL (HAProxy doc/proxy-protocol.txt §2.2): the signature, ver_cmd 0x20, family UNSPEC, length 0.
    private static readonly byte[] s_proxyV2Local = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00];

    private readonly ServerProcess _process;
    private readonly TempDirectory _directory;
    private readonly string _configFile;

    private EximBackend(ServerProcess process, TempDirectory directory, string configFile, IPEndPoint endPoint)
    {
        _process = process;
        _directory = directory;
        _configFile = configFile;
        EndPoint = endPoint;
    }

    public string Name => "exim-proxy";

    public IPEndPoint EndPoint { get; }

    public string Identity => "proxy-v2";

    public IPAddress? SourceAddress => null;

    public string LocalDomain => "backend.test";

    public string ExistingUser => "alice";

    /// <summary>The mainlog, then the paniclog, then whatever the daemon wrote to stdout/stderr (startup errors).</summary>
    public IReadOnlyList<string> LogLines =>
        [.. ReadLines(_directory.File("log/mainlog")), .. ReadLines(_directory.File("log/paniclog")), .. _process.Lines];

    /// <summary>Where scripts/backends/exim.sh unpacks the binary: $SMTPSHIELD_TEST_BACKENDS/exim, default /var/cache/smtpshield-tests/exim.</summary>
    public static string BinaryPath
    {
        get
        {
            string backends = Environment.GetEnvironmentVariable("SMTPSHIELD_TEST_BACKENDS") is { Length: > 0 } configured
                ? configured
                : DefaultBackends;
            return Path.Combine(backends, "exim", "usr", "sbin", "exim4");
        }
    }

    public static async Task<EximBackend> StartAsync()
    {
        string binary = BinaryPath;
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"Exim is not provisioned: {binary} is missing. Run scripts/backends/exim.sh first (as root; "
                + "SMTPSHIELD_TEST_BACKENDS selects the cache directory).");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "The Exim backend needs root: Exim honours -C (a private config) fully only for root, "
                + $"and the spool, log and mail directories are handed to {EximUser}.");
        }

        var directory = new TempDirectory();
        try
        {
            // Exim writes its spool and logs as Debian-exim, and deliveries run as that user (see remarks).
            // The daemon loads its TLS credentials at start even though it advertises no STARTTLS, and without
            // tls_certificate it generates a self-signed one first: a second per start. The run's shared one
            // (tls/selfsigned-*.pem) is readable by the daemon once it, too, belongs to Debian-exim.
            string[] owned = ["spool", "log", "mail", "tls"];
            foreach (string name in owned)
            {
                Directory.CreateDirectory(directory.File(name));
            }

            SharedCertificate.CopyInto(directory.Path);
            using (ChildProcess chown = ChildProcess.Start("chown", ["-R", $"{EximUser}:{EximUser}", .. owned.Select(directory.File)], new Dictionary<string, string?>()))
            {
                ProcessResult result = await chown.WaitForExitAsync(TimeSpan.FromSeconds(10));
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"Could not hand the Exim directories to {EximUser} (run scripts/backends/exim.sh): {result}");
                }
            }

            string configFile = directory.File("exim.conf");
            string lastLog = string.Empty;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                IPAddress address = Loopback.RandomServerAddress();
                var endPoint = new IPEndPoint(address, Loopback.FreePort(address));
                await File.WriteAllTextAsync(configFile, RenderConfig(binary, directory, endPoint));

                // -bdf: the listening daemon, in the foreground; -oP: its pid file, here instead of /run/exim4.
                ServerProcess process = ServerProcess.Start(binary, ["-C", configFile, "-bdf", "-oP", directory.File("exim.pid")], directory.Path);
                var backend = new EximBackend(process, directory, configFile, endPoint);
                if (await backend.WaitUntilServingAsync())
                {
                    return backend;
                }

                lastLog = string.Join('\n', backend.LogLines.TakeLast(30));
                backend.KillProcesses();
                process.Dispose();
            }

            throw new InvalidOperationException($"Exim did not start (config {configFile}); last log lines:\n{lastLog}");
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The messages delivered to alice, oldest first: maildir files as Exim wrote them, beginning with the
    /// Return-path, Envelope-to and Delivery-date lines of Debian's local transports and Exim's Received header.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // Maildir: Exim writes into tmp/ and renames into new/ once the file is complete.
            var files = new DirectoryInfo(_directory.File("mail/alice/new"));
            FileInfo[] delivered = files.Exists
                ? [.. files.GetFiles().OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)]
                : [];
            if (delivered.Length >= count || clock.Elapsed >= timeout)
            {
                var messages = new List<string>(delivered.Length);
                foreach (FileInfo file in delivered)
                {
                    messages.Add(await File.ReadAllTextAsync(file.FullName));
                }

                return messages;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// SIGKILLs the daemon and every process it forked: one per SMTP connection, plus re-execs for delivery.
    /// Each carries this instance's own "-C config" on its command line, which is how they are found.
    /// </summary>
    public void Kill() => KillProcesses();

    public ValueTask DisposeAsync()
    {
        KillProcesses();
        _process.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The whole configuration: Debian's shapes (relay_from_hosts, the RCPT ACL, the local maildir transport)
    /// cut down to what a backend behind SmtpShield needs. Exim's spec names each option.
    /// </summary>
    private static string RenderConfig(string binary, TempDirectory directory, IPEndPoint endPoint) => $$"""
        # SmtpShield integration-test backend (EximBackend.cs): Exim 4.96, exim4-daemon-heavy, PROXY protocol.
        exim_path = {{binary}}
        primary_hostname = exim.backend.test
        qualify_domain = backend.test
        domainlist local_domains = backend.test
        hostlist relay_from_hosts = {{RelayFromHosts}}
        keep_environment =
        never_users = root

        spool_directory = {{directory.File("spool")}}
        log_file_path = {{directory.File("log")}}/%slog
        # Debian's MAIN_LOG_SELECTOR plus what shared/INTEGRATION.md §1.8 adds for a proxied backend.
        log_selector = +smtp_protocol_error +smtp_syntax_error +incoming_port +proxy

        # "ip.port": Exim's form for an address with its own port; "<;" because IPv6 addresses contain colons.
        local_interfaces = <; {{endPoint.Address}}.{{endPoint.Port}}
        # Exit at once if the port was taken since Loopback.FreePort (the default retries for minutes).
        daemon_startup_retries = 0
        smtp_connect_backlog = 128

        # Every connection from loopback must open with a PROXY header, v1 or v2 (Exim detects which).
        hosts_proxy = <; 127.0.0.0/8 ; ::1
        proxy_protocol_timeout = {{(int)ProxyProtocolTimeout.TotalSeconds}}s
        # Exim counts connections per host before it reads the PROXY header, so all of them count against
        # the proxy's own address (shared/INTEGRATION.md §1.6): raise the limits far above any test's load.
        smtp_accept_max = 1000
        smtp_accept_max_per_host = 1000
        smtp_accept_queue_per_connection = 0

        # No ident callbacks and no reverse lookups for the connecting (proxy) address. Exim 4.96 still looks
        # up the PTR of every address a PROXY header names, whatever host_lookup says: one DNS question, no
        # gethostbyaddr() fallback, and short resolver timeouts, so an unreachable resolver costs little.
        host_lookup =
        host_lookup_order = bydns
        dns_retrans = 1s
        dns_retry = 1
        rfc1413_hosts =
        # Debian enables TLS only with MAIN_TLS_ENABLE (main/03_exim4-config_tlsoptions).
        tls_advertise_hosts =
        tls_certificate = {{directory.File(ServerCertificate.SelfSignedCertificateFile)}}
        tls_privatekey = {{directory.File(ServerCertificate.SelfSignedKeyFile)}}

        acl_smtp_rcpt = acl_check_rcpt

        begin acl

        # Debian (acl/30_exim4-config_check_rcpt) accepts relay_from_hosts before it verifies recipients; here an
        # unknown local part is refused first, for every client, as IBackendMta promises ("550 Unrouteable address").
        # The relay check is Debian's: relay_from_hosts may send anywhere, everyone else only to local domains.
        acl_check_rcpt:
          deny    domains = +local_domains
                  !verify = recipient
          accept  hosts = +relay_from_hosts
          require message = relay not permitted
                  domains = +local_domains
          accept

        begin routers

        alice:
          driver = accept
          domains = +local_domains
          local_parts = alice
          transport = alice_maildir

        begin transports

        # Debian's maildir_home transport, with a fixed directory: Exim 4.94+ refuses file names built from the
        # (tainted) local part. Deliveries run as the exim user (see the class remarks).
        alice_maildir:
          driver = appendfile
          directory = {{directory.File("mail/alice")}}
          maildir_format
          delivery_date_add
          envelope_to_add
          return_path_add
          user = {{EximUser}}
          group = {{EximUser}}
          mode = 0600

        begin retry

        *  *  F,1m,5s

        """;

    private static string[] ReadLines(string path)
    {
        try
        {
            // Exim appends while we read.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>
    /// True once the daemon has logged that it listens and has sent its banner to a probe. Exim holds the
    /// banner back until the PROXY header arrives (or the timeout), so the probe sends a v2 LOCAL header, the
    /// health check of the PROXY protocol: the session then keeps the prober's own address.
    /// </summary>
    private async Task<bool> WaitUntilServingAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!ReadLines(_directory.File("log/mainlog")).Any(line => line.Contains(" daemon started: ", StringComparison.Ordinal)))
        {
            if (_process.HasExited || clock.Elapsed > s_startTimeout)
            {
                return false;
            }

            await Task.Delay(10);
        }

        try
        {
            await using SmtpTestClient probe = await SmtpTestClient.ConnectAsync(EndPoint);
            await probe.SendAsync(s_proxyV2Local);
            await probe.ExpectAsync(220);
            await probe.ExpectAsync(221, "QUIT");
            return true;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    private void KillProcesses()
    {
        // The daemon first, so it forks no more; then anything left that runs with this instance's config.
        _process.Kill();
        for (int round = 0; round < 5; round++)
        {
            int[] left = ProcessesRunning(_configFile);
            if (left.Length == 0)
            {
                return;
            }

            foreach (int pid in left)
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(); // SIGKILL on Unix
                    process.WaitForExit(1000);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone meanwhile.
                }
            }
        }
    }

    /// <summary>The processes whose command line contains <paramref name="configFile"/> as an argument, from /proc.</summary>
    private static int[] ProcessesRunning(string configFile) =>
        [.. ProcFs.Pids().Where(pid => pid != Environment.ProcessId && ProcFs.CommandLine(pid).Contains(configFile, StringComparer.Ordinal))];
}
