namespace SmtpShield.Dns.Tests;

/// <summary>A clock that moves only when told to (the Microsoft.Extensions.TimeProvider.Testing package is not available here).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
