using Microsoft.Extensions.Logging;

namespace SmtpShield.Blocklist.Firewall;

/// <summary>
/// Drivers "iptables" and "route": the kernel holds no timeouts, so SmtpShield removes expired blocks
/// itself (ClientBlocklist.PurgeAsync sends the removals), and the tools fail on deleting what is not
/// there. Each batch goes in incrementally as <see cref="InstalledBlocks"/> plans it; if that fails
/// (someone deleted a rule, a route went away with its interface), the whole list is rebuilt at once.
/// </summary>
internal sealed partial class InstallingFirewall(IBlockInstaller installer, ILogger<InstallingFirewall> logger) : IFirewallBlocklist
{
    private readonly InstalledBlocks _blocks = new();

    public string Name => installer.Name;

    public bool ExpiresInKernel => false;

    public async Task ApplyAsync(IReadOnlyList<FirewallChange> changes, CancellationToken cancellationToken)
    {
        InstallPlan plan = _blocks.Plan(changes);
        if (plan.IsEmpty)
        {
            return;
        }

        if (plan.Kind == InstallKind.Incremental)
        {
            try
            {
                await installer.InstallAsync(plan.Added, plan.Removed, cancellationToken);
                _blocks.Succeeded(plan);
                return;
            }
            catch (FirewallCommandException e)
            {
                LogRebuilding(Name, e.Message, plan.Wanted.Count);
                plan = InstalledBlocks.Fallback(plan);
            }
            catch (OperationCanceledException)
            {
                _blocks.Failed(plan);
                throw;
            }
        }

        await RebuildAsync(plan, cancellationToken);
    }

    public Task ReplaceAllAsync(IReadOnlyList<FirewallElement> elements, CancellationToken cancellationToken) =>
        RebuildAsync(InstalledBlocks.Replace(elements), cancellationToken);

    private async Task RebuildAsync(InstallPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await installer.RebuildAsync([.. plan.Wanted], cancellationToken);
            _blocks.Succeeded(plan);
        }
        catch (Exception e) when (e is FirewallCommandException or OperationCanceledException)
        {
            _blocks.Failed(plan);
            throw;
        }
    }

    [LoggerMessage(94, LogLevel.Warning, "BLOCK firewall {Driver}: batch failed ({Reason}); rebuilding all {Count} entries")]
    private partial void LogRebuilding(string driver, string reason, int count);
}
