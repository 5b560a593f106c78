namespace SmtpShield.IntegrationTests.Admin;

/// <summary>One in-process daemon for a test class whose tests change nothing (refusals, authentication).</summary>
public sealed class RunningDaemon : IAsyncLifetime
{
    internal DaemonUnderTest Daemon { get; private set; } = null!;

    public async Task InitializeAsync() => Daemon = await DaemonUnderTest.StartAsync();

    public async Task DisposeAsync()
    {
        if (Daemon is not null)
        {
            await Daemon.DisposeAsync();
        }
    }
}
