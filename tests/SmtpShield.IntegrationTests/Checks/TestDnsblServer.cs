namespace SmtpShield.IntegrationTests.Checks;

/// <summary>One rbldnsd with <see cref="TestLists"/> for a test class; tests share it through unique client addresses.</summary>
public sealed class TestDnsblServer : IAsyncLifetime
{
    internal Rbldnsd Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestLists.StartAsync();

    public Task DisposeAsync()
    {
        Server?.Dispose();
        return Task.CompletedTask;
    }
}
