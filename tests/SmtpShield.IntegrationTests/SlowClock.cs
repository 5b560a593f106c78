namespace SmtpShield.IntegrationTests;

/// <summary>
/// The system clock, read slowly: every <see cref="GetTimestamp"/> takes <paramref name="delay"/> more.
/// Time itself is untouched; what it changes is how long code that reads the clock takes, which widens
/// race windows so a test can show a race every time instead of once in a hundred runs.
/// </summary>
internal sealed class SlowClock(TimeSpan delay) : TimeProvider
{
    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp()
    {
        Thread.Sleep(delay);
        return System.GetTimestamp();
    }
}
