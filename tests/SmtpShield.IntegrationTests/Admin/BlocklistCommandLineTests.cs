using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace SmtpShield.IntegrationTests.Admin;

/// <summary>
/// `smtpshield blocklist …` as an admin types it on the daemon's machine: the real binary against a
/// running daemon, found through the same configuration (here: SMTPSHIELD_Admin__Endpoint and
/// __TokenFile), printing tables and one-line errors, with sysexits-style exit codes.
/// </summary>
public sealed class BlocklistCommandLineTests
{
    private const int NotListed = 1;
    private const int Usage = 64;
    private const int Refused = 65;
    private const int Unavailable = 69;
    private const int NoPermission = 77;

    [Fact]
    public async Task AddThenList_PrintsTheEntryAndAnAlignedTable()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();

        ProcessResult add = await CliAsync(daemon, "blocklist", "add", "192.0.2.7", "--ttl", "1h", "--reason", "spam run");
        ProcessResult prefix = await CliAsync(daemon, "blocklist", "add", "198.51.100.0/24", "--ttl", "permanent");
        ProcessResult list = await CliAsync(daemon, "blocklist", "list");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Matches(@"^added 192\.0\.2\.7 for 1h \(until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\): spam run\n$", add.StandardOutput);
        Assert.Equal("added 198.51.100.0/24 permanently: added by an administrator\n", prefix.StandardOutput);
        Assert.True(list.ExitCode == 0, list.ToString());
        string[] lines = list.StandardOutput.Split('\n');
        Assert.Matches(@"^NETWORK {10}SOURCE  EXPIRES +HITS  REASON$", lines[0]);
        Assert.Matches(@"^198\.51\.100\.0/24  admin   never +0  added by an administrator$", lines[1]);
        Assert.Matches(@"^192\.0\.2\.7 {8}admin   in (1h|59m \d\ds) +0  spam run$", lines[2]);
        Assert.Equal(lines[0].IndexOf("REASON", StringComparison.Ordinal), lines[2].IndexOf("spam run", StringComparison.Ordinal));
        Assert.Equal([string.Empty], lines[3..]);
    }

    [Fact]
    public async Task ListWithJsonAndFilters_PrintsTheApisDocument()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Blocklist:Static:0", "203.0.113.0/24"));
        await CliAsync(daemon, "blocklist", "add", "192.0.2.0/24");
        await CliAsync(daemon, "blocklist", "add", "192.0.2.7");

        ProcessResult covering = await CliAsync(daemon, "blocklist", "list", "--contains", "192.0.2.7", "--json");
        ProcessResult config = await CliAsync(daemon, "blocklist", "list", "--source", "config");

        Assert.True(covering.ExitCode == 0, covering.ToString());
        using JsonDocument document = JsonDocument.Parse(covering.StandardOutput);
        Assert.Equal(2, document.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(["192.0.2.7", "192.0.2.0/24"], document.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("network").GetString()));
        Assert.Contains("203.0.113.0/24  config  never", config.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2", config.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.5", "smtpshield: 127.0.0.5 is protected: loopback\n")]
    [InlineData("198.51.100.128/25", "smtpshield: 198.51.100.128/25 is already blocked by 198.51.100.0/24 (added by an administrator)\n")]
    public async Task AddRefusedByTheDaemon_Exits65WithItsReason(string network, string error)
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await CliAsync(daemon, "blocklist", "add", "198.51.100.0/24");

        ProcessResult result = await CliAsync(daemon, "blocklist", "add", network);

        Assert.True(result.ExitCode == Refused, result.ToString());
        Assert.Equal(error, result.StandardError);
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Theory]
    [InlineData(new[] { "blocklist", "add", "192.0.2.7", "--ttl", "soon" }, "smtpshield: --ttl: 'soon' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)\n")]
    [InlineData(new[] { "blocklist", "add", "192.0.2.7", "--ttl", "0s" }, "smtpshield: --ttl: the ttl must be longer than zero (got '0s'; e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)\n")]
    [InlineData(new[] { "blocklist", "add", "192.0.2.5/24" }, "smtpshield: 192.0.2.5/24 has host bits set; did you mean 192.0.2.0/24?\n")]
    [InlineData(new[] { "blocklist", "remove", "mail.example.org" }, "smtpshield: mail.example.org is not an address\n")]
    [InlineData(new[] { "blocklist", "flush" }, "smtpshield: flush needs --all (every entry) or --source reject|errors|limits|admin|config (the entries of one source)\n")]
    public async Task BadInput_Exits64BeforeAskingTheDaemon(string[] arguments, string error)
    {
        // No daemon runs on this endpoint: the input is refused first.
        ProcessResult result = await DaemonProcess.RunToExitAsync([("Admin__Endpoint", ClosedEndpoint().ToString())], arguments);

        Assert.True(result.ExitCode == Usage, result.ToString());
        Assert.Equal(error, result.StandardError);
    }

    [Fact]
    public async Task UnknownOption_Exits64()
    {
        ProcessResult result = await DaemonProcess.RunToExitAsync("blocklist", "list", "--colour");

        Assert.True(result.ExitCode == Usage, result.ToString());
        Assert.Contains("--colour", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveThenRemoveAgain_ExitsZeroThenOneSayingItIsNotListed()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await CliAsync(daemon, "blocklist", "add", "192.0.2.0/24");

        ProcessResult removed = await CliAsync(daemon, "blocklist", "remove", "192.0.2.0/24");
        ProcessResult again = await CliAsync(daemon, "blocklist", "remove", "192.0.2.0/24");

        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal("removed 192.0.2.0/24\n", removed.StandardOutput);
        Assert.True(again.ExitCode == NotListed, again.ToString());
        Assert.Equal("smtpshield: 192.0.2.0/24 is not listed\n", again.StandardError);
    }

    [Fact]
    public async Task RemoveOfAnAddressInsideAPrefix_SaysWhichPrefixCoversIt()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await CliAsync(daemon, "blocklist", "add", "192.0.2.0/24");

        ProcessResult result = await CliAsync(daemon, "blocklist", "remove", "192.0.2.7");

        Assert.True(result.ExitCode == NotListed, result.ToString());
        Assert.Equal("smtpshield: 192.0.2.7 is not listed itself; it is covered by 192.0.2.0/24\n", result.StandardError);
    }

    [Fact]
    public async Task FlushOfASource_SaysHowManyEntriesWentAndLeavesTheRest()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Blocklist:Static:0", "203.0.113.0/24"));
        await CliAsync(daemon, "blocklist", "add", "192.0.2.7");
        await CliAsync(daemon, "blocklist", "add", "192.0.2.8");

        ProcessResult admin = await CliAsync(daemon, "blocklist", "flush", "--source", "admin");
        ProcessResult all = await CliAsync(daemon, "blocklist", "flush", "--all");

        Assert.True(admin.ExitCode == 0, admin.ToString());
        Assert.Equal("removed 2 entries of source admin\n", admin.StandardOutput);
        Assert.Equal("removed 1 entry\n", all.StandardOutput);
    }

    [Fact]
    public async Task ImportOfAFileWithBadLines_ImportsTheRestPrintsTheBadOnesAndExits65()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using var directory = new TempDirectory();
        string file = await WriteAsync(directory, "# our own list\n192.0.2.7\n198.51.100.0/24 ; hoster\n192.0.2.300\n127.0.0.9\n");

        ProcessResult result = await CliAsync(daemon, "blocklist", "import", file, "--ttl", "2d", "--reason", "drop list");
        ProcessResult list = await CliAsync(daemon, "blocklist", "list");

        Assert.True(result.ExitCode == Refused, result.ToString());
        Assert.Equal(
            $"""
            imported {file}: 2 added, 0 updated, 0 covered, 1 protected, 1 invalid
            line 4: invalid: 192.0.2.300 is not an address
            line 5: protected: 127.0.0.9 is protected: loopback

            """,
            result.StandardOutput);
        Assert.Matches(@"\n198\.51\.100\.0/24  admin   in (2d|1d 23h) +0  drop list\n", list.StandardOutput);
    }

    [Fact]
    public async Task ImportOfACleanFile_ExitsZero()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using var directory = new TempDirectory();
        string file = await WriteAsync(directory, "192.0.2.7\n2001:db8::/48\n");

        ProcessResult result = await CliAsync(daemon, "blocklist", "import", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"imported {file}: 2 added, 0 updated, 0 covered, 0 protected, 0 invalid\n", result.StandardOutput);
    }

    [Fact]
    public async Task ImportOfAMissingFile_Exits66()
    {
        ProcessResult result = await DaemonProcess.RunToExitAsync("blocklist", "import", "/nonexistent/drop.txt");

        Assert.True(result.ExitCode == 66, result.ToString());
        Assert.StartsWith("smtpshield: cannot read /nonexistent/drop.txt: ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaemonNotRunning_Exits69SayingWhereItLooked()
    {
        IPEndPoint closed = ClosedEndpoint();

        ProcessResult result = await DaemonProcess.RunToExitAsync([("Admin__Endpoint", closed.ToString())], "blocklist", "list");

        Assert.True(result.ExitCode == Unavailable, result.ToString());
        Assert.Equal($"smtpshield: cannot reach the daemon's admin API at http://{closed} (connection refused); is it running?\n", result.StandardError);
    }

    [Fact]
    public async Task WrongToken_Exits77()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        using var directory = new TempDirectory();
        string stale = directory.File("stale.token");
        await File.WriteAllTextAsync(stale, "a-token-from-an-old-install\n");

        ProcessResult result = await DaemonProcess.RunToExitAsync(
            [("Admin__Endpoint", daemon.AdminEndPoint.ToString()), ("Admin__TokenFile", stale)], "blocklist", "list");

        Assert.True(result.ExitCode == NoPermission, result.ToString());
        Assert.StartsWith("smtpshield: wrong token: ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingTokenFile_Exits77NamingIt()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();

        ProcessResult result = await DaemonProcess.RunToExitAsync(
            [("Admin__Endpoint", daemon.AdminEndPoint.ToString()), ("Admin__TokenFile", "/nonexistent/admin.token")], "blocklist", "list");

        Assert.True(result.ExitCode == NoPermission, result.ToString());
        Assert.Equal(
            "smtpshield: the admin token file /nonexistent/admin.token does not exist; the daemon creates it at start: is it running with this configuration?\n",
            result.StandardError);
    }

    private static Task<ProcessResult> CliAsync(DaemonUnderTest daemon, params string[] arguments) => DaemonProcess.RunToExitAsync(
        [("Admin__Endpoint", daemon.AdminEndPoint.ToString()), ("Admin__TokenFile", AdminHttp.TokenFile(daemon))], arguments);

    private static async Task<string> WriteAsync(TempDirectory directory, string lines)
    {
        string file = directory.File("drop.txt");
        await File.WriteAllTextAsync(file, lines);
        return file;
    }

    // A loopback port nothing listens on (it was free a moment ago).
    private static IPEndPoint ClosedEndpoint()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return (IPEndPoint)probe.LocalEndpoint;
    }
}
