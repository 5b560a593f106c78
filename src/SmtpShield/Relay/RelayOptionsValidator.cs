using System.Net;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;

namespace SmtpShield.Relay;

internal sealed class RelayOptionsValidator : IValidateOptions<RelayOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayOptions options)
    {
        var v = new OptionsValidation(ConfigSections.Relay);
        v.Require(options.Backends.Count > 0, "Backends", "at least one backend is required (e.g. { \"Endpoint\": \"127.0.0.1:10025\", \"Identity\": \"xclient\" })");
        for (int i = 0; i < options.Backends.Count; i++)
        {
            BackendOptions backend = options.Backends[i];
            string key = $"Backends:{i}";
            v.Require(BackendEndpoint.TryParse(backend.Endpoint, out _), $"{key}:Endpoint",
                $"'{backend.Endpoint}' is not address:port (\"127.0.0.1:10025\", \"[::1]:10025\") or unix:/path");
            bool knownIdentity = BackendOptions.TryParseIdentity(backend.Identity, out BackendIdentity identity);
            v.Require(knownIdentity, $"{key}:Identity", $"'{backend.Identity}' is not one of xclient, proxy-v1, proxy-v2, none");
            IPAddress? source = null;
            v.Require(backend.SourceAddress is null || AddressText.TryParseAddress(backend.SourceAddress, out source), $"{key}:SourceAddress",
                $"'{backend.SourceAddress}' is not an IP address");
            v.Require(!(knownIdentity && identity == BackendIdentity.None) || backend.SourceAddress is not null, $"{key}:SourceAddress",
                "is required with Identity \"none\": an address the backend does not trust for relaying (e.g. 127.0.0.2), or the backend relays for everyone");
            bool unix = backend.Endpoint?.Trim().StartsWith("unix:", StringComparison.Ordinal) == true;
            v.Require(source is null || !unix, $"{key}:SourceAddress", "does not apply to a unix socket backend");
            v.Require(!unix || !knownIdentity || identity is BackendIdentity.Xclient, $"{key}:Identity",
                "a unix socket backend needs \"xclient\" (a PROXY header names TCP endpoints; \"none\" needs a source address)");
        }

        v.InRange(options.ConnectTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), nameof(options.ConnectTimeout));
        v.InRange(options.ReplyTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), nameof(options.ReplyTimeout));
        v.InRange(options.IdleTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), nameof(options.IdleTimeout));
        v.InRange(options.MaxDuration, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(options.MaxDuration));
        v.InRange(options.CapabilityRefresh, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), nameof(options.CapabilityRefresh));
        v.InRange(options.ClientNameTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(1), nameof(options.ClientNameTimeout));
        v.InRange(options.BreakAfterFailures, 2, 1000, nameof(options.BreakAfterFailures));
        v.InRange(options.BreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), nameof(options.BreakDuration));
        return v.Result();
    }
}
