using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SmtpShield.Blocklist;
using SmtpShield.Blocklist.Firewall;
using SmtpShield.Blocklist.Store;
using SmtpShield.Tests.Fakes;

namespace SmtpShield.Tests.Blocklist;

/// <summary>
/// A blocklist as the daemon runs it (a real SQLite store in a temp directory, the real batcher) with a
/// firewall driver that records what it was asked, and a clock the test moves. Restart keeps the store.
/// </summary>
internal sealed class BlocklistHarness : IAsyncDisposable
{
    private static readonly IMeterFactory s_meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    private readonly FirewallBatcher _batcher;
    private readonly BlocklistWriter _writer;

    private BlocklistHarness(Setup setup, ManualTimeProvider clock, string databasePath)
    {
        Configuration = setup;
        Clock = clock;
        DatabasePath = databasePath;
        Firewall = new RecordingFirewall(setup.ExpiresInKernel);
        var metrics = new BlocklistMetrics(s_meters);
        // The batcher runs on real time (1 ms batches) so tests need not step it; the blocklist on the test's clock.
        _batcher = new FirewallBatcher(Firewall, new BlocklistOptions { BatchInterval = TimeSpan.FromMilliseconds(1) }, metrics, TimeProvider.System,
            NullLogger<FirewallBatcher>.Instance);
        Blocklist = new ClientBlocklist(setup.Options, new ProtectedNetworks(setup.Protected), new RepeatOffenderTracker(setup.Options, () => 0.5),
            _batcher, metrics, clock, NullLogger<ClientBlocklist>.Instance);
        _writer = new BlocklistWriter(BlocklistStore.Open(databasePath), NullLogger.Instance);
    }

    public Setup Configuration { get; }

    public ManualTimeProvider Clock { get; }

    public string DatabasePath { get; }

    public RecordingFirewall Firewall { get; }

    public ClientBlocklist Blocklist { get; }

    public BlocklistStore Store => _writer.Store;

    public static async Task<BlocklistHarness> StartAsync(Setup? setup = null, ManualTimeProvider? clock = null, string? databasePath = null)
    {
        setup ??= new Setup();
        databasePath ??= Path.Combine(Directory.CreateTempSubdirectory("smtpshield-blocklist-").FullName, "blocklist.db");
        var harness = new BlocklistHarness(setup, clock ?? new ManualTimeProvider(), databasePath);
        await harness._batcher.StartAsync(CancellationToken.None);
        harness.Blocklist.Open(harness._writer, setup.Configured);
        await harness.Blocklist.ResyncFirewallAsync();
        return harness;
    }

    /// <summary>Stops this one and starts another on the same store and clock, with <paramref name="setup"/> if given.</summary>
    public async Task<BlocklistHarness> RestartAsync(Setup? setup = null)
    {
        await DisposeAsync();
        return await StartAsync(setup ?? Configuration, Clock, DatabasePath);
    }

    /// <summary>Waits until the store and the firewall have everything done so far.</summary>
    public Task SettledAsync() => Blocklist.SettledAsync();

    public async ValueTask DisposeAsync()
    {
        await Blocklist.SettledAsync();
        await _batcher.StopAsync(CancellationToken.None);
        _batcher.Dispose();
        await _writer.DisposeAsync();
    }

    internal sealed record Setup
    {
        public BlocklistOptions Options { get; init; } = new() { Jitter = 0 };

        public IReadOnlyList<ProtectedNetwork> Protected { get; init; } =
            [ProtectedNetwork.For(System.Net.IPNetwork.Parse("127.0.0.0/8"), "loopback"), ProtectedNetwork.For(System.Net.IPNetwork.Parse("192.0.2.0/28"), "Policy:Allow:0")];

        public bool ExpiresInKernel { get; init; } = true;

        public IReadOnlyList<NetworkKey> Configured { get; init; } = [];
    }
}

/// <summary>A firewall driver that remembers every change and replacement it was given, and what a kernel would now hold.</summary>
internal sealed class RecordingFirewall(bool expiresInKernel) : IFirewallBlocklist
{
    private readonly Lock _gate = new();
    private readonly List<FirewallChange> _changes = [];
    private readonly List<IReadOnlyList<FirewallElement>> _replacements = [];
    private readonly Dictionary<NetworkKey, TimeSpan?> _elements = [];

    public string Name => "recording";

    public bool ExpiresInKernel => expiresInKernel;

    public IReadOnlyList<FirewallChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    public IReadOnlyList<IReadOnlyList<FirewallElement>> Replacements
    {
        get
        {
            lock (_gate)
            {
                return [.. _replacements];
            }
        }
    }

    /// <summary>The elements a kernel would hold after every change and replacement so far, by network.</summary>
    public IReadOnlyDictionary<NetworkKey, TimeSpan?> Elements
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<NetworkKey, TimeSpan?>(_elements);
            }
        }
    }

    public Task ApplyAsync(IReadOnlyList<FirewallChange> changes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _changes.AddRange(changes);
            foreach (FirewallChange change in changes)
            {
                if (change.Kind == FirewallChangeKind.Add)
                {
                    _elements[change.Element.Network] = change.Element.Timeout;
                }
                else
                {
                    _elements.Remove(change.Element.Network);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task ReplaceAllAsync(IReadOnlyList<FirewallElement> elements, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _replacements.Add(elements);
            _elements.Clear();
            foreach (FirewallElement element in elements)
            {
                _elements[element.Network] = element.Timeout;
            }
        }

        return Task.CompletedTask;
    }
}
