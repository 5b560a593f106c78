using Microsoft.Extensions.Options;
using SmtpShield.Configuration;
using SmtpShield.Sessions;

namespace SmtpShield.Tarpit;

internal sealed class TarpitOptionsValidator(IOptions<SessionLimits> limits) : IValidateOptions<TarpitOptions>
{
    // Below the 5 minutes RFC 5321 §4.5.3.2.6 gives a client to wait for a RCPT reply, with a margin.
    private static readonly TimeSpan s_longest = TimeSpan.FromMinutes(4);

    public ValidateOptionsResult Validate(string? name, TarpitOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Tarpit);
        v.InRange(options.Delay, TimeSpan.Zero, s_longest, nameof(options.Delay));
        v.InRange(options.StutterInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), nameof(options.StutterInterval));
        v.InRange(options.MaxStutter, TimeSpan.Zero, s_longest, nameof(options.MaxStutter));
        v.InRange(options.ErrorDelayAfter, 0, 1000, nameof(options.ErrorDelayAfter));
        v.InRange(options.ErrorDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), nameof(options.ErrorDelay));
        v.InRange(options.MaxErrorDelay, TimeSpan.Zero, s_longest, nameof(options.MaxErrorDelay));
        v.InRange(options.MaxTarpitted, 0, 1_000_000, nameof(options.MaxTarpitted));
        // Each wait follows a command, so the idle timeout would cut it short with a 421.
        TimeSpan idle = limits.Value.IdleTimeout;
        (TimeSpan Wait, bool InUse, string Key)[] waits =
        [
            (options.Delay, options.Delay > TimeSpan.Zero, nameof(options.Delay)),
            (options.MaxStutter, options.StutterRejects, nameof(options.MaxStutter)),
            (options.MaxErrorDelay, options.ErrorDelayAfter > 0, nameof(options.MaxErrorDelay)),
        ];
        foreach ((TimeSpan wait, bool inUse, string key) in waits)
        {
            v.Require(!inUse || wait < idle, key, $"must be shorter than Limits:IdleTimeout ({idle:c}), got {wait:c}");
        }
        return v.Result();
    }
}
