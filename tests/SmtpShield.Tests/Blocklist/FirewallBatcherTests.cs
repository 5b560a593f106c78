using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SmtpShield.Blocklist;
using SmtpShield.Blocklist.Firewall;
using static SmtpShield.Tests.Blocklist.NetworkKeyTests;

namespace SmtpShield.Tests.Blocklist;

/// <summary>The batcher: one command per interval, the last change per network wins, failures retried then counted.</summary>
public sealed class FirewallBatcherTests
{
    [Fact]
    public async Task ChangesWithinOneInterval_GoAsOneBatch_LastChangePerNetworkWins_RemovalsFirst()
    {
        var driver = new ScriptedFirewall(failures: 0);
        using var batcher = Batcher(driver, out _);
        await batcher.StartAsync(CancellationToken.None);

        batcher.Enqueue(FirewallChange.Add(Key("192.0.2.7"), TimeSpan.FromMinutes(10)));
        batcher.Enqueue(FirewallChange.Add(Key("198.51.100.0/25"), null));
        batcher.Enqueue(FirewallChange.Remove(Key("198.51.100.0/25")));
        batcher.Enqueue(FirewallChange.Add(Key("198.51.100.0/24"), null));
        batcher.Enqueue(FirewallChange.Add(Key("192.0.2.7"), TimeSpan.FromMinutes(20)));
        await batcher.DrainedAsync();
        await batcher.StopAsync(CancellationToken.None);

        IReadOnlyList<FirewallChange> batch = Assert.Single(driver.Batches);
        Assert.Equal(
            [FirewallChange.Remove(Key("198.51.100.0/25")), FirewallChange.Add(Key("192.0.2.7"), TimeSpan.FromMinutes(20)), FirewallChange.Add(Key("198.51.100.0/24"), null)],
            batch);
        Assert.Equal(0, batcher.Pending);
    }

    [Fact]
    public async Task AResync_SupersedesWhatWasQueuedBeforeIt()
    {
        var driver = new ScriptedFirewall(failures: 0);
        using var batcher = Batcher(driver, out _);
        await batcher.StartAsync(CancellationToken.None);

        batcher.Enqueue(FirewallChange.Add(Key("192.0.2.7"), null));
        Task<bool> resync = batcher.ReplaceAllAsync([new FirewallElement(Key("203.0.113.9"), null)]);
        batcher.Enqueue(FirewallChange.Add(Key("203.0.113.10"), null));
        await batcher.DrainedAsync();
        await batcher.StopAsync(CancellationToken.None);

        Assert.True(await resync);
        Assert.Equal([Key("203.0.113.9")], Assert.Single(driver.Replacements).Select(e => e.Network));
        Assert.Equal([FirewallChange.Add(Key("203.0.113.10"), null)], Assert.Single(driver.Batches));
    }

    [Fact]
    public async Task AFailingCommand_IsRetried_ThenCountedAsFailed_AndLaterBatchesStillGo()
    {
        var driver = new ScriptedFirewall(failures: 4); // the first attempt and all three retries
        using var batcher = Batcher(driver, out Func<string, long> commands);
        await batcher.StartAsync(CancellationToken.None);

        batcher.Enqueue(FirewallChange.Add(Key("192.0.2.7"), null));
        await batcher.DrainedAsync();
        batcher.Enqueue(FirewallChange.Add(Key("192.0.2.8"), null));
        await batcher.DrainedAsync();
        await batcher.StopAsync(CancellationToken.None);

        Assert.Equal(5, driver.Attempts);
        Assert.Equal(1, commands("failed"));
        Assert.Equal(1, commands("ok"));
        Assert.Equal([FirewallChange.Add(Key("192.0.2.8"), null)], Assert.Single(driver.Batches));
    }

    [Fact]
    public async Task WaitersAreReleased_WhenTheBatcherStopsFirst()
    {
        var driver = new ScriptedFirewall(failures: 0);
        using var batcher = Batcher(driver, out _, interval: TimeSpan.FromMinutes(5));
        await batcher.StartAsync(CancellationToken.None);

        Task<bool> resync = batcher.ReplaceAllAsync([]);
        await batcher.StopAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resync.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(driver.Replacements);
    }

    private static FirewallBatcher Batcher(ScriptedFirewall driver, out Func<string, long> commands, TimeSpan? interval = null)
    {
        IMeterFactory meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var counted = new Dictionary<string, long>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "smtpshield.blocklist.firewall.commands" && instrument.Meter.Scope == meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "result")
                {
                    lock (counted)
                    {
                        counted[(string)tag.Value!] = counted.GetValueOrDefault((string)tag.Value!) + value;
                    }
                }
            }
        });
        listener.Start();
        commands = result =>
        {
            lock (counted)
            {
                return counted.GetValueOrDefault(result);
            }
        };
        var options = new BlocklistOptions { BatchInterval = interval ?? TimeSpan.FromMilliseconds(50) };
        return new FirewallBatcher(driver, options, new BlocklistMetrics(meters), TimeProvider.System, NullLogger<FirewallBatcher>.Instance);
    }

    /// <summary>Fails its first <c>failures</c> attempts with a command error, then records what it is given.</summary>
    private sealed class ScriptedFirewall(int failures) : IFirewallBlocklist
    {
        private readonly List<IReadOnlyList<FirewallChange>> _batches = [];
        private readonly List<IReadOnlyList<FirewallElement>> _replacements = [];
        private int _attempts;

        public string Name => "scripted";

        public bool ExpiresInKernel => true;

        public int Attempts => Volatile.Read(ref _attempts);

        public IReadOnlyList<IReadOnlyList<FirewallChange>> Batches => _batches;

        public IReadOnlyList<IReadOnlyList<FirewallElement>> Replacements => _replacements;

        public Task ApplyAsync(IReadOnlyList<FirewallChange> changes, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                throw new FirewallCommandException("nft: Error: Could not process rule: Operation not permitted");
            }

            _batches.Add(changes);
            return Task.CompletedTask;
        }

        public Task ReplaceAllAsync(IReadOnlyList<FirewallElement> elements, CancellationToken cancellationToken)
        {
            _replacements.Add(elements);
            return Task.CompletedTask;
        }
    }
}
