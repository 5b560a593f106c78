using System.Net;
using System.Text.RegularExpressions;

namespace SmtpShield.IntegrationTests.Blocklist;

/// <summary>
/// The old ipt_recent trick, for real: a client refused at RCPT TO is blocked, and its next connection
/// dies in the kernel of the server's network namespace (the SYN is dropped, the connect times out),
/// with each driver's own rules loaded from deploy/. Removing the block restores it; a restart
/// re-applies the store in one batch; the allow list is never blocked.
/// </summary>
public sealed partial class KernelBlocklistTests
{
    [Theory]
    [InlineData("nftables")]
    [InlineData("ipset")]
    [InlineData("iptables")]
    [InlineData("route")]
    public async Task RejectedClient_IsDroppedByTheKernel_UntilTheBlockIsRemoved(string driver)
    {
        using KernelTestNetwork network = KernelTestNetwork.Create();
        using var state = new TempDirectory();
        LoadRules(network, driver);
        using DaemonProcess daemon = await StartDaemonAsync(network, state, driver);

        await RejectedSessionAsync(network, KernelTestNetwork.ClientV4);

        Assert.True(await KernelTestNetwork.EventuallyAsync(() => Task.FromResult(KernelHolds(network, driver, "198.51.100.2"))),
            $"the kernel never got the block:\n{KernelView(network, driver)}");
        Assert.Equal(ConnectResult.TimedOut, (await network.TryConnectAsync(KernelTestNetwork.ClientV4)).Result);
        Assert.Equal(ConnectResult.Answered, (await network.TryConnectAsync(KernelTestNetwork.AllowedClientV4)).Result);
        if (driver is "nftables" or "ipset")
        {
            // The kernel expires it by itself: Blocklist:Ttl (5 minutes) rounded to seconds.
            Assert.InRange(KernelTimeoutSeconds(network, driver, "198.51.100.2"), 280, 300);
        }

        ProcessResult removed = await DaemonProcess.RunToExitAsync(network.Server.Launcher, AdminSettings(daemon, state), "blocklist", "remove", "198.51.100.2");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.True(await KernelTestNetwork.EventuallyAsync(() => Task.FromResult(!KernelHolds(network, driver, "198.51.100.2"))),
            $"the kernel still holds the block:\n{KernelView(network, driver)}");
        ConnectOutcome after = await network.TryConnectAsync(KernelTestNetwork.ClientV4);
        Assert.Equal(ConnectResult.Answered, after.Result);
        Assert.StartsWith("220 ", after.Reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nftables")]
    [InlineData("ipset")]
    public async Task RejectedIPv6Client_IsDroppedByItsSlash64(string driver)
    {
        using KernelTestNetwork network = KernelTestNetwork.Create();
        using var state = new TempDirectory();
        LoadRules(network, driver);
        using DaemonProcess daemon = await StartDaemonAsync(network, state, driver);

        await RejectedSessionAsync(network, KernelTestNetwork.ClientV6);

        Assert.True(await KernelTestNetwork.EventuallyAsync(() => Task.FromResult(KernelHolds(network, driver, "2001:db8:5::/64"))),
            $"the kernel never got the /64:\n{KernelView(network, driver)}");
        Assert.Equal(ConnectResult.TimedOut, (await network.TryConnectAsync(KernelTestNetwork.ClientV6)).Result);
        Assert.Equal(ConnectResult.Answered, (await network.TryConnectAsync(KernelTestNetwork.AllowedClientV4)).Result);
    }

    [Theory]
    [InlineData("nftables")]
    [InlineData("ipset")]
    [InlineData("iptables")]
    public async Task Restart_ReappliesTheStoreInOneBatch(string driver)
    {
        using KernelTestNetwork network = KernelTestNetwork.Create();
        using var state = new TempDirectory();
        LoadRules(network, driver);
        using (DaemonProcess first = await StartDaemonAsync(network, state, driver))
        {
            await RejectedSessionAsync(network, KernelTestNetwork.ClientV4);
            Assert.True(await KernelTestNetwork.EventuallyAsync(() => Task.FromResult(KernelHolds(network, driver, "198.51.100.2"))));
            first.Terminate();
            Assert.Equal(0, (await first.WaitForExitAsync(TimeSpan.FromSeconds(15))).ExitCode);
        }

        // While the daemon is down the kernel loses everything (a reboot, a flushed ruleset).
        Flush(network, driver);
        Assert.False(KernelHolds(network, driver, "198.51.100.2"));

        using DaemonProcess second = await StartDaemonAsync(network, state, driver);
        Assert.True(await KernelTestNetwork.EventuallyAsync(() => Task.FromResult(KernelHolds(network, driver, "198.51.100.2"))),
            $"the restart did not re-apply the store:\n{KernelView(network, driver)}");
        Assert.Equal(ConnectResult.TimedOut, (await network.TryConnectAsync(KernelTestNetwork.ClientV4)).Result);
        second.Terminate();
        ProcessResult log = await second.WaitForExitAsync(TimeSpan.FromSeconds(15));
        Assert.Single(ResyncLine().Matches(log.StandardOutput));
        Assert.Contains($"BLOCK firewall {driver}: resync of 1 element(s)", log.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredPrefix_LandsInThePrefixSet_WithoutATimeout()
    {
        using KernelTestNetwork network = KernelTestNetwork.Create();
        using var state = new TempDirectory();
        LoadRules(network, "nftables");
        using DaemonProcess daemon = await StartDaemonAsync(network, state, "nftables", ("Blocklist__Static__0", "203.0.113.0/24"));

        Assert.True(await KernelTestNetwork.EventuallyAsync(() => Task.FromResult(
            network.InServer("nft", "list", "set", "inet", "smtpshield", "blocknet_v4").Contains("203.0.113.0/24", StringComparison.Ordinal))));
        string set = network.InServer("nft", "list", "set", "inet", "smtpshield", "blocknet_v4");
        Assert.DoesNotContain("timeout 203", set, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"203\.0\.113\.0/24 timeout", set);
        Assert.DoesNotContain("203.0.113", network.InServer("nft", "list", "set", "inet", "smtpshield", "block_v4"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientHammeringPastTheConnectionRate_IsBlockedWithSourceLimits()
    {
        using KernelTestNetwork network = KernelTestNetwork.Create();
        using var state = new TempDirectory();
        LoadRules(network, "nftables");
        using DaemonProcess daemon = await StartDaemonAsync(network, state, "nftables",
            ("Limits__MaxConnectionsPerClientPerMinute", "2"), ("Limits__LimitRefusalsPerOffence", "2"));

        // Two admitted, two refusals allowed, the third refusal is the offence.
        var replies = new List<string?>();
        for (int i = 0; i < 5; i++)
        {
            replies.Add((await network.TryConnectAsync(KernelTestNetwork.ClientV4)).Reply);
        }

        Assert.All(replies.Take(2), reply => Assert.StartsWith("220 ", reply, StringComparison.Ordinal));
        Assert.All(replies.Skip(2), reply => Assert.Equal("421 4.7.0 mx.test.example Error: too much connection rate from 198.51.100.2", reply));
        Assert.True(await KernelTestNetwork.EventuallyAsync(() => Task.FromResult(KernelHolds(network, "nftables", "198.51.100.2"))),
            $"the kernel never got the block:\n{KernelView(network, "nftables")}");
        ProcessResult listed = await DaemonProcess.RunToExitAsync(network.Server.Launcher, AdminSettings(daemon, state), "blocklist", "list", "--source", "limits");
        Assert.Contains("198.51.100.2", listed.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(ConnectResult.Answered, (await network.TryConnectAsync(KernelTestNetwork.AllowedClientV4)).Result);
    }

    [Fact]
    public async Task AllowlistedClient_IsNeverBlocked_EvenWhenItMisbehaves()
    {
        using KernelTestNetwork network = KernelTestNetwork.Create();
        using var state = new TempDirectory();
        LoadRules(network, "nftables");
        using DaemonProcess daemon = await StartDaemonAsync(network, state, "nftables", ("Limits__MaxErrors", "2"));

        await using (SmtpTestClient client = await network.ConnectSmtpAsync(KernelTestNetwork.AllowedClientV4))
        {
            await client.ExpectAsync(220);
            await client.ExpectAsync(500, "JUNK one");
            await client.ExpectAsync(500, "JUNK two");
            await client.ExpectAsync(421);
        }

        // The same error limit blocks a client that is not allowlisted: the test can tell the difference.
        await using (SmtpTestClient client = await network.ConnectSmtpAsync(KernelTestNetwork.ClientV4))
        {
            await client.ExpectAsync(220);
            await client.ExpectAsync(500, "JUNK one");
            await client.ExpectAsync(500, "JUNK two");
            await client.ExpectAsync(421);
        }

        Assert.True(await KernelTestNetwork.EventuallyAsync(() => Task.FromResult(KernelHolds(network, "nftables", "198.51.100.2"))));
        Assert.False(KernelHolds(network, "nftables", "198.51.100.9"));
        Assert.Equal(ConnectResult.Answered, (await network.TryConnectAsync(KernelTestNetwork.AllowedClientV4)).Result);
    }

    [Fact]
    public async Task WithoutAKernelDriver_ABlockedClient_Gets521AtOnce()
    {
        using KernelTestNetwork network = KernelTestNetwork.Create();
        using var state = new TempDirectory();
        using DaemonProcess daemon = await StartDaemonAsync(network, state, "none");

        await RejectedSessionAsync(network, KernelTestNetwork.ClientV4);
        ConnectOutcome next = await network.TryConnectAsync(KernelTestNetwork.ClientV4);

        Assert.Equal(ConnectResult.Answered, next.Result);
        Assert.StartsWith("521 5.7.1 mx.test.example Service unavailable; client [198.51.100.2] blocked: ", next.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTarpit_ABlockedClient_WaitsInSilenceBeforeIts521()
    {
        using KernelTestNetwork network = KernelTestNetwork.Create();
        using var state = new TempDirectory();
        using DaemonProcess daemon = await StartDaemonAsync(network, state, "none", ("Blocklist__OnBlockedClient", "Tarpit"), ("Blocklist__TarpitTime", "00:00:02"));
        await RejectedSessionAsync(network, KernelTestNetwork.ClientV4);

        await using SmtpTestClient client = await network.ConnectSmtpAsync(KernelTestNetwork.ClientV4);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string reply = (await client.ReadReplyAsync()).ToString();

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(4.5));
        Assert.StartsWith("521 5.7.1 ", reply, StringComparison.Ordinal);
        await client.ExpectClosedAsync();
    }

    // A session the policy refuses at RCPT TO (the client's network is in Policy:Deny): the offence that blocks it.
    private static async Task RejectedSessionAsync(KernelTestNetwork network, IPAddress client)
    {
        await using SmtpTestClient smtp = await network.ConnectSmtpAsync(client);
        await smtp.ExpectAsync(220);
        await smtp.ExpectAsync(250, "EHLO client.example");
        await smtp.ExpectAsync(250, "MAIL FROM:<someone@client.example>");
        await smtp.ExpectAsync(554, "RCPT TO:<postmaster@example.org>");
        await smtp.ExpectAsync(221, "QUIT");
    }

    private static Task<DaemonProcess> StartDaemonAsync(KernelTestNetwork network, TempDirectory state, string driver, params (string Key, string Value)[] extra) =>
        DaemonProcess.StartAsync(network.Server.Launcher, [
            ("StateDirectory", state.Path),
            ("Admin__TokenFile", state.File("admin.token")),
            ("Listeners__0__Endpoint", "[::]:25"),
            ("Blocklist__Driver", driver),
            ("Blocklist__Ttl", "00:05:00"),
            ("Blocklist__Jitter", "0"),
            ("Policy__Allow__2", KernelTestNetwork.AllowedClientV4.ToString()),
            ("Policy__Deny__0", "198.51.100.0/24"),
            ("Policy__Deny__1", "2001:db8:5::/64"),
            ("ReverseDns__Enabled", "false"),
            ("Helo__Enabled", "false"),
            .. extra]);

    private static (string Key, string Value)[] AdminSettings(DaemonProcess daemon, TempDirectory state) =>
        [("Admin__Endpoint", daemon.AdminEndPoint.ToString()), ("Admin__TokenFile", state.File("admin.token"))];

    // Each driver's rules, from the very files deploy/ ships.
    private static void LoadRules(KernelTestNetwork network, string driver)
    {
        string deploy = Path.Combine(DaemonBinary.RepositoryRoot(), "deploy");
        switch (driver)
        {
            case "nftables":
                network.InServer("nft", "-f", Path.Combine(deploy, "nftables", "smtpshield.nft"));
                break;
            case "ipset":
                network.InServer("sh", Path.Combine(deploy, "ipset", "smtpshield-ipset.sh"));
                break;
            case "iptables":
                network.InServer("sh", Path.Combine(deploy, "iptables", "smtpshield-iptables.sh"));
                break;
        }
    }

    private static string KernelView(KernelTestNetwork network, string driver) => driver switch
    {
        "nftables" => network.InServer("nft", "list", "table", "inet", "smtpshield"),
        "ipset" => network.InServer("ipset", "list"),
        "iptables" => network.InServer("iptables", "-S", "SMTPSHIELD") + network.InServer("ip6tables", "-S", "SMTPSHIELD"),
        _ => network.InServer("ip", "route", "show", "type", "blackhole") + network.InServer("ip", "-6", "route", "show", "type", "blackhole"),
    };

    private static bool KernelHolds(KernelTestNetwork network, string driver, string element)
    {
        string view = KernelView(network, driver);
        return driver switch
        {
            // iptables prints hosts as /32; routes print them bare.
            "iptables" => view.Contains($"-s {(element.Contains('/', StringComparison.Ordinal) ? element : element + "/32")} ", StringComparison.Ordinal),
            _ => Regex.IsMatch(view, $@"(^|[\s{{,]){Regex.Escape(element)}([\s,}}]|$)", RegexOptions.Multiline),
        };
    }

    private static int KernelTimeoutSeconds(KernelTestNetwork network, string driver, string element)
    {
        Match match = driver == "nftables"
            ? Regex.Match(KernelView(network, driver), $@"{Regex.Escape(element)} timeout (?:(\d+)m)?(?:(\d+)s)?")
            : Regex.Match(KernelView(network, driver), $@"^{Regex.Escape(element)} timeout (\d+)", RegexOptions.Multiline);
        Assert.True(match.Success, KernelView(network, driver));
        return driver == "nftables"
            ? (int.Parse("0" + match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 60) + int.Parse("0" + match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
            : int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Flush(KernelTestNetwork network, string driver)
    {
        switch (driver)
        {
            case "nftables":
                network.InServer("nft", "flush", "set", "inet", "smtpshield", "block_v4");
                break;
            case "ipset":
                network.InServer("ipset", "flush", "smtpshield4");
                break;
            case "iptables":
                network.InServer("iptables", "-F", "SMTPSHIELD");
                break;
        }
    }

    [GeneratedRegex(@"BLOCK firewall \w+: resync of \d+ element\(s\)")]
    private static partial Regex ResyncLine();
}
