using System.Net;
using Microsoft.Extensions.Options;
using SmtpShield.Configuration;
using SmtpShield.Listener;
using SmtpShield.Verdicts;

namespace SmtpShield.Checks.Access;

/// <summary>
/// The permanent allow and deny networks of the "Policy" section (postscreen_access_list): an allowed
/// client is relayed without checks, a denied one rejected at RCPT TO. Allow wins over deny.
/// </summary>
internal sealed class AccessList
{
    private readonly IPNetwork[] _allow;
    private readonly IPNetwork[] _deny;

    public AccessList(IOptions<PolicyOptions> options)
    {
        _allow = [.. options.Value.Allow.Select(Parse).OfType<IPNetwork>()];
        _deny = [.. options.Value.Deny.Select(Parse).OfType<IPNetwork>()];
    }

    public AccessDecision Decide(IPAddress client)
    {
        client = ClientAddress.Normalize(client);
        return Array.Exists(_allow, n => n.Contains(client)) ? AccessDecision.Allow
            : Array.Exists(_deny, n => n.Contains(client)) ? AccessDecision.Deny
            : AccessDecision.None;
    }

    /// <summary>"192.0.2.0/24", "2001:db8::/32", or a single address ("192.0.2.7" = /32).</summary>
    public static IPNetwork? Parse(string text) => AddressText.TryParseNetwork(text, out IPNetwork network) ? network : null;
}

internal enum AccessDecision : byte
{
    None,
    Allow,
    Deny,
}
