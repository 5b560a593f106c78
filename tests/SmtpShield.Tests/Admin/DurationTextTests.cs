using SmtpShield.Admin;

namespace SmtpShield.Tests.Admin;

/// <summary>Block lifetimes as admins type them (--ttl, the API's "ttl"), and as the CLI shows what is left.</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("2d", 172800)]
    [InlineData("1w", 604800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d12h", 129600)]
    [InlineData("2H", 7200)]
    [InlineData("3600", 3600)]
    [InlineData(" 45s ", 45)]
    [InlineData("01:00:00", 3600)]
    [InlineData("1.00:00:00", 86400)]
    [InlineData("00:00:00.500", 0.5)]
    [InlineData("3650d", 315360000)]
    public void Duration_Parses(string text, double seconds)
    {
        Assert.True(DurationText.TryParseTtl(text, out TimeSpan? ttl, out string error), error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), ttl);
    }

    [Theory]
    [InlineData("permanent")]
    [InlineData("PERMANENT")]
    public void Permanent_IsNoExpiry(string text)
    {
        Assert.True(DurationText.TryParseTtl(text, out TimeSpan? ttl, out _));
        Assert.Null(ttl);
    }

    [Theory]
    [InlineData("", "the ttl is empty (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("soon", "'soon' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("1x", "'1x' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("h", "'h' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("30m1h", "'30m1h' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("1h1h", "'1h1h' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("1h30", "'1h30' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("1.5h", "'1.5h' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("25:00:00", "'25:00:00' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("-", "'-' is not a duration (e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("0", "the ttl must be longer than zero (got '0'; e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("0s", "the ttl must be longer than zero (got '0s'; e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("-5m", "the ttl must be longer than zero (got '-5m'; e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("-01:00:00", "the ttl must be longer than zero (got '-01:00:00'; e.g. 90s, 10m, 1h, 2d, 1.00:00:00 or permanent)")]
    [InlineData("3651d", "a ttl of '3651d' is longer than the maximum of 3650d; use permanent for a block that never ends")]
    [InlineData("99999999999999999999w", "a ttl of '99999999999999999999w' is longer than the maximum of 3650d; use permanent for a block that never ends")]
    [InlineData("99999999999999999999", "a ttl of '99999999999999999999' is longer than the maximum of 3650d; use permanent for a block that never ends")]
    public void BadDuration_IsRefusedWithASentence(string text, string expected)
    {
        Assert.False(DurationText.TryParseTtl(text, out _, out string error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(3600L, 3600)]
    [InlineData(1L, 1)]
    public void Seconds_AreALifetime(long seconds, double expected)
    {
        Assert.True(DurationText.TryFromSeconds(seconds, out TimeSpan? ttl, out _));
        Assert.Equal(TimeSpan.FromSeconds(expected), ttl);
    }

    [Theory]
    [InlineData(0L, "the ttl must be longer than zero")]
    [InlineData(-1L, "the ttl must be longer than zero (got '-1 seconds'")]
    [InlineData(long.MinValue, "the ttl must be longer than zero (got '-9223372036854775808 seconds'")]
    [InlineData(315360001L, "a ttl of 315360001 seconds is longer than the maximum of 3650d")]
    [InlineData(long.MaxValue, "is longer than the maximum of 3650d")]
    public void BadSeconds_AreRefused(long seconds, string expected)
    {
        Assert.False(DurationText.TryFromSeconds(seconds, out _, out string error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(0.2, "1s")]
    [InlineData(42, "42s")]
    [InlineData(90, "1m 30s")]
    [InlineData(3600, "1h")]
    [InlineData(3599.5, "1h")]
    [InlineData(3661, "1h 1m")]
    [InlineData(86400 + 7200 + 59, "1d 2h")]
    [InlineData(86400 + 59, "1d")]
    [InlineData(315360000, "3650d")]
    public void Remaining_IsShownInItsTwoLargestUnits(double seconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}
