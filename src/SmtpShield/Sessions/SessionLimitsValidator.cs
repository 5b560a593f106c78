using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Sessions;

internal sealed class SessionLimitsValidator : IValidateOptions<SessionLimits>
{
    public ValidateOptionsResult Validate(string? name, SessionLimits limits)
    {
        var v = new OptionsValidation(ConfigSections.Limits);
        // The process may hold 20,000 descriptors; each session is one, a relayed one two.
        v.InRange(limits.MaxSessions, 1, 1_000_000, nameof(limits.MaxSessions));
        v.InRange(limits.MaxSessionsPerClient, 1, 1_000_000, nameof(limits.MaxSessionsPerClient));
        v.InRange(limits.MaxConnectionsPerClientPerMinute, 0, 1_000_000, nameof(limits.MaxConnectionsPerClientPerMinute));
        v.InRange(limits.LimitRefusalsPerOffence, 0, 1_000_000, nameof(limits.LimitRefusalsPerOffence));
        v.InRange(limits.ClientIpv6Prefix, 32, 128, nameof(limits.ClientIpv6Prefix));
        // RFC 5321 §4.5.3.1.4: 512 is the minimum a server must accept.
        v.InRange(limits.CommandLineLength, 512, 65_536, nameof(limits.CommandLineLength));
        v.InRange(limits.BannerTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), nameof(limits.BannerTimeout));
        v.InRange(limits.IdleTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), nameof(limits.IdleTimeout));
        v.InRange(limits.SessionTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(limits.SessionTimeout));
        v.InRange(limits.MaxCommands, 1, 100_000, nameof(limits.MaxCommands));
        v.InRange(limits.MaxErrors, 1, 10_000, nameof(limits.MaxErrors));
        v.InRange(limits.MaxRecipients, 1, 100_000, nameof(limits.MaxRecipients));
        v.InRange(limits.MaxMessageSize, 0, long.MaxValue, nameof(limits.MaxMessageSize));
        return v.Result();
    }
}
