using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Callouts;

internal sealed class CalloutOptionsValidator : IValidateOptions<CalloutOptions>
{
    public ValidateOptionsResult Validate(string? name, CalloutOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Callouts);
        v.Require(!options.Enabled || options.Domains.Count > 0, nameof(options.Domains), "must name at least one domain (or *) when Enabled is true");
        foreach (string domain in options.Domains)
        {
            string entry = domain.Trim().TrimEnd('.');
            string bare = entry.TrimStart('.');
            v.Require(entry == "*" || Uri.CheckHostName(bare) == UriHostNameType.Dns, nameof(options.Domains), $"'{domain}' is not a domain, .parent.domain or *");
        }

        v.Require(options.ProbeSender.Length == 0 || (options.ProbeSender.Contains('@', StringComparison.Ordinal) && options.ProbeSender.All(c => c > ' ' && c < 127 && c is not ('<' or '>'))),
            nameof(options.ProbeSender), "must be empty (MAIL FROM:<>) or an ASCII local@domain address");
        v.InRange(options.Port, 1, 65535, nameof(options.Port));
        v.InRange(options.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), nameof(options.ConnectTimeout));
        v.InRange(options.ReplyTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), nameof(options.ReplyTimeout));
        v.InRange(options.Deadline, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), nameof(options.Deadline));
        v.InRange(options.MaxHosts, 1, 10, nameof(options.MaxHosts));
        v.InRange(options.MaxAddressesPerHost, 1, 4, nameof(options.MaxAddressesPerHost));
        v.InRange(options.MaxPerSession, 1, 100, nameof(options.MaxPerSession));
        v.Score(options.Weight, nameof(options.Weight));
        v.InRange(options.CacheAcceptedFor, TimeSpan.Zero, TimeSpan.FromDays(30), nameof(options.CacheAcceptedFor));
        v.InRange(options.CacheRejectedFor, TimeSpan.Zero, TimeSpan.FromDays(30), nameof(options.CacheRejectedFor));
        v.InRange(options.CacheDomainFor, TimeSpan.Zero, TimeSpan.FromDays(30), nameof(options.CacheDomainFor));
        v.InRange(options.MaxCacheEntries, 0, 10_000_000, nameof(options.MaxCacheEntries));
        v.InRange(options.MaxConcurrent, 1, 10_000, nameof(options.MaxConcurrent));
        v.InRange(options.MaxPerMinute, 1, 1_000_000, nameof(options.MaxPerMinute));
        v.InRange(options.MaxConcurrentPerDomain, 1, 1_000, nameof(options.MaxConcurrentPerDomain));
        v.InRange(options.MaxPerDomainPerMinute, 1, 100_000, nameof(options.MaxPerDomainPerMinute));
        v.InRange(options.BreakAfterFailures, 2, 100, nameof(options.BreakAfterFailures));
        v.InRange(options.BreakDuration, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(options.BreakDuration));
        return v.Result();
    }
}
