using System.Net;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>The files of a private <see cref="PostfixBackend"/> instance: main.cf, master.cf, the mailbox table, its directories.</summary>
internal static class PostfixConfiguration
{
    /// <summary>Creates <paramref name="path"/> with exactly <paramref name="octalMode"/> (no umask).</summary>
    private static void CreateDirectory(string path, string octalMode)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Postfix fixture runs Debian's postfix package on Linux.");
        }

        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octalMode, 8));
    }

    /// <summary>
    /// main.cf, master.cf and the mailbox table. Paths in the temp directory hold no spaces or commas, so they
    /// go into main.cf as they are.
    /// </summary>
    public static async Task WriteAsync(
        TempDirectory directory, PostfixListener listener, IPEndPoint endPoint, string inetProtocols, (string Name, string Value)[] settings)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Postfix fixture runs Debian's postfix package on Linux.");
        }

        string config = directory.File("etc");
        Directory.CreateDirectory(config);
        // "postfix start" lays out what it owns in the queue and data directories (post-install create-missing),
        // but the queue directory itself must exist.
        CreateDirectory(directory.File("spool"), "755");
        // virtual(8) creates the maildirs with the mailbox owner's rights (nobody), so the base must be writable for it.
        CreateDirectory(directory.File("mail"), "1777");

        // A trailing slash makes the mailbox a maildir (virtual(8)).
        await File.WriteAllTextAsync(Path.Combine(config, "vmailbox"), "alice@backend.test backend.test/alice/\n");
        await File.WriteAllTextAsync(Path.Combine(config, "main.cf"), $$"""
            # Private test instance written by PostfixBackend; nothing here refers to /etc/postfix.
            compatibility_level = 3.6
            queue_directory = {{directory.File("spool")}}
            data_directory = {{directory.File("data")}}
            # postlogd writes the log here (Postfix >= 3.4); the path must start with one of the prefixes.
            maillog_file_prefixes = {{directory.Path}}
            maillog_file = {{directory.File("maillog")}}

            myhostname = {{PostfixBackend.Hostname}}
            mydomain = backend.test
            myorigin = $myhostname
            smtpd_banner = $myhostname ESMTP
            # inet_interfaces must name addresses the host has (127.0.0.1 is on lo; 127.x.y.z is routed, not assigned).
            # The listener's own address is in master.cf.
            inet_interfaces = 127.0.0.1
            # "all": XCLIENT ADDR=IPV6:… and PROXY TCP6 need it (shared/INTEGRATION.md §1.1, §1.3).
            inet_protocols = {{inetProtocols}}

            # Debian's default trusted networks (debconf postfix/mynetworks): loopback relays. This is the trap.
            mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128
            # Debian's stock line ends in defer_unauth_destination (454 4.7.1); reject_… gives the permanent 554 5.7.1.
            smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination

            # The only delivered domain: virtual mailboxes, so no local users, aliases or /etc/aliases.
            mydestination =
            relay_domains =
            alias_maps =
            alias_database =
            local_recipient_maps =
            virtual_mailbox_domains = backend.test
            virtual_mailbox_maps = texthash:{{Path.Combine(config, "vmailbox")}}
            virtual_mailbox_base = {{directory.File("mail")}}
            virtual_uid_maps = static:65534
            virtual_gid_maps = static:65534

            # Relayed mail (the trap, sprung) waits in the queue and never leaves the machine. An error: transport
            # would not do: smtpd already refuses such recipients at RCPT with 550, hiding the trap.
            defer_transports = smtp, relay

            # No reverse DNS for the made-up client addresses (Postfix >= 2.3): they are logged as unknown[ip].
            smtpd_peername_lookup = no
            smtpd_client_port_logging = yes
            # Every session of a test comes from a handful of addresses, ~20 at once: no per-client caps.
            default_process_limit = 200
            smtpd_client_connection_count_limit = 0
            smtpd_client_connection_rate_limit = 0
            smtpd_client_message_rate_limit = 0
            smtpd_client_recipient_rate_limit = 0
            """ + string.Concat(settings.Select(setting => $"\n{setting.Name} = {setting.Value}")) + "\n");

        string identity = listener == PostfixListener.Xclient
            ? "-o smtpd_authorized_xclient_hosts=127.0.0.0/8"
            : "-o smtpd_upstream_proxy_protocol=haproxy";
        await File.WriteAllTextAsync(Path.Combine(config, "master.cf"), $"""
            # service type  private unpriv  chroot  wakeup  maxproc command + args
            {endPoint} inet n - n - - smtpd
              {identity}
            smtpshield unix n       -       n       -       -       smtpd
              -o smtpd_authorized_xclient_hosts=static:all
            cleanup   unix  n       -       n       -       0       cleanup
            qmgr      unix  n       -       n       300     1       qmgr
            rewrite   unix  -       -       n       -       -       trivial-rewrite
            bounce    unix  -       -       n       -       0       bounce
            defer     unix  -       -       n       -       0       bounce
            trace     unix  -       -       n       -       0       bounce
            verify    unix  -       -       n       -       1       verify
            proxymap  unix  -       -       n       -       -       proxymap
            showq     unix  n       -       n       -       -       showq
            smtp      unix  -       -       n       -       -       smtp
            relay     unix  -       -       n       -       -       smtp
            error     unix  -       -       n       -       -       error
            retry     unix  -       -       n       -       -       error
            discard   unix  -       -       n       -       -       discard
            virtual   unix  -       n       n       -       -       virtual
            anvil     unix  -       -       n       -       1       anvil
            scache    unix  -       -       n       -       1       scache
            postlog   unix-dgram n  -       n       -       1       postlogd

            """);

        // Postfix programs reread a "hot" main.cf (modified within the last second, as if still being edited) every
        // 300 ms until it cools: ~1.5 s per "postfix start" and more for the postconf calls of its scripts (strace).
        // These files are complete, so they are dated back.
        foreach (string file in Directory.EnumerateFiles(config))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
        }
    }
}
