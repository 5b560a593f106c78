using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SmtpShield.Blocklist;
using SmtpShield.Blocklist.Firewall;
using SmtpShield.Blocklist.Store;

namespace SmtpShield.Benchmarks;

/// <summary>
/// Blocklist issue benchmarks against a real kernel (run by benchmarks/run.sh inside a network namespace
/// it creates, with the deploy/ ruleset loaded): a burst of N automatic blocks until the kernel holds
/// them all, and a start-up resync of M stored entries. The daemon's own classes, wired as the daemon
/// wires them (real store, real batcher, real driver); only the clock of the wall is used.
///
///   SmtpShield.Benchmarks.dll blocklist-kernel DRIVER BURST RESYNC
/// </summary>
internal static class BlocklistKernelRun
{
    private static readonly IMeterFactory s_meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4 || !Enum.TryParse(args[1], ignoreCase: true, out FirewallDriverKind driver)
            || !int.TryParse(args[2], CultureInfo.InvariantCulture, out int burst) || !int.TryParse(args[3], CultureInfo.InvariantCulture, out int resync))
        {
            Console.Error.WriteLine("usage: blocklist-kernel nftables|ipset|iptables|route BURST RESYNC");
            return 64;
        }

        var options = new BlocklistOptions { Driver = driver };
        string state = Directory.CreateTempSubdirectory("smtpshield-blocklist-bench-").FullName;
        try
        {
            await BurstAsync(options, Path.Combine(state, "burst.db"), burst);
            await ResyncAsync(options, Path.Combine(state, "resync.db"), resync);
            return 0;
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    // N offences as fast as sessions could end, each from its own address: how long until the kernel has them all.
    private static async Task BurstAsync(BlocklistOptions options, string database, int count)
    {
        await using Wiring wiring = await Wiring.StartAsync(options, database);
        await wiring.Blocklist.ResyncFirewallAsync();
        Stopwatch clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            wiring.Blocklist.RecordOffence(Address(i), BlockSource.Reject, "benchmark burst");
        }

        double recorded = clock.Elapsed.TotalMilliseconds;
        await wiring.Blocklist.SettledAsync();
        double settled = clock.Elapsed.TotalMilliseconds;
        int inKernel = KernelCount(options.Driver);
        Console.WriteLine(FormattableString.Invariant(
            $"burst {options.Driver}: {count} offences recorded in {recorded:F0} ms; in the store and the kernel after {settled:F0} ms; kernel holds {inKernel}; firewall commands {wiring.Commands}"));
        if (inKernel < count)
        {
            throw new InvalidOperationException($"the kernel holds {inKernel} of {count} blocks");
        }

        await wiring.Blocklist.FlushAsync(null, "benchmark");
        await wiring.Blocklist.SettledAsync();
    }

    // M entries already in the store (as after a restart): how long until they are loaded and all in the kernel.
    private static async Task ResyncAsync(BlocklistOptions options, string database, int count)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using (BlocklistStore store = BlocklistStore.Open(database))
        {
            store.Write([.. Enumerable.Range(0, count).Select(i => (StoreChange)new SaveEntry(
                new BlocklistEntry(NetworkKey.ForAddress(Address(i)), "benchmark resync", BlockSource.Reject, now, now.AddDays(1), 1)))]);
        }

        Stopwatch clock = Stopwatch.StartNew();
        await using Wiring wiring = await Wiring.StartAsync(options, database);
        double loaded = clock.Elapsed.TotalMilliseconds;
        bool replaced = await wiring.Blocklist.ResyncFirewallAsync();
        double resynced = clock.Elapsed.TotalMilliseconds;
        int inKernel = KernelCount(options.Driver);
        Console.WriteLine(FormattableString.Invariant(
            $"resync {options.Driver}: {count} stored entries loaded in {loaded:F0} ms; in the kernel after {resynced:F0} ms ({(replaced ? "one batch" : "FAILED")}); kernel holds {inKernel}"));
        if (!replaced || inKernel < count)
        {
            throw new InvalidOperationException($"the kernel holds {inKernel} of {count} entries");
        }

        await wiring.Blocklist.FlushAsync(null, "benchmark");
        await wiring.Blocklist.SettledAsync();
    }

    // 10.0.0.1, 10.0.0.2, …: never protected, one host each.
    private static IPAddress Address(int i)
    {
        uint value = 0x0A000001u + (uint)i;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    private static int KernelCount(FirewallDriverKind driver)
    {
        (string program, string arguments, string marker) = driver switch
        {
            FirewallDriverKind.Nftables => ("nft", "list set inet smtpshield block_v4", "timeout"),
            FirewallDriverKind.Ipset => ("ipset", "list smtpshield4", " timeout "),
            FirewallDriverKind.Iptables => ("iptables", "-S SMTPSHIELD", "-j DROP"),
            _ => ("ip", "route show type blackhole", "blackhole"),
        };
        using Process process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        // nft prints elements comma-separated on long lines; count the per-element timeouts. The other tools
        // print one member per line (ipset's header also says "timeout": member lines start with the address).
        return driver == FirewallDriverKind.Nftables
            ? output.Split(',').Count(part => part.Contains(marker, StringComparison.Ordinal))
            : output.Split('\n').Count(line => line.Contains(marker, StringComparison.Ordinal)
                && (driver != FirewallDriverKind.Ipset || (line.Length > 0 && char.IsAsciiHexDigit(line[0]))));
    }

    private sealed class Wiring : IAsyncDisposable
    {
        private readonly FirewallBatcher _batcher;
        private readonly BlocklistWriter _writer;
        private readonly MeterListener _listener = new();
        private long _commands;

        private Wiring(BlocklistOptions options, string database)
        {
            var metrics = new BlocklistMetrics(s_meters);
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "smtpshield.blocklist.firewall.commands")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _commands, value));
            _listener.Start();
            _batcher = new FirewallBatcher(FirewallDrivers.Create(options, NullLoggerFactory.Instance), options, metrics, TimeProvider.System, NullLogger<FirewallBatcher>.Instance);
            Blocklist = new ClientBlocklist(options, new ProtectedNetworks([]), new RepeatOffenderTracker(options, Random.Shared.NextDouble),
                _batcher, metrics, TimeProvider.System, NullLogger<ClientBlocklist>.Instance);
            _writer = new BlocklistWriter(BlocklistStore.Open(database), NullLogger.Instance);
        }

        public ClientBlocklist Blocklist { get; }

        public long Commands => Interlocked.Read(ref _commands);

        public static async Task<Wiring> StartAsync(BlocklistOptions options, string database)
        {
            var wiring = new Wiring(options, database);
            await wiring._batcher.StartAsync(CancellationToken.None);
            wiring.Blocklist.Open(wiring._writer, []);
            return wiring;
        }

        public async ValueTask DisposeAsync()
        {
            await _batcher.StopAsync(CancellationToken.None);
            _batcher.Dispose();
            await _writer.DisposeAsync();
            _listener.Dispose();
        }
    }
}
