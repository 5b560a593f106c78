using System.Net;
using SmtpShield.Dns;

namespace SmtpShield.Callouts;

/// <summary>A mail server of the sender's domain, with its addresses.</summary>
internal sealed record MailExchanger(string Name, IReadOnlyList<IPAddress> Addresses);

/// <summary>
/// Where mail for a domain goes (RFC 5321 §5.1): its MX hosts, most preferred first; with no MX, the
/// domain's own address (the implicit MX). A null MX (RFC 7505), a domain that does not exist, or one
/// with neither MX nor address accepts no mail: the callout is decided without connecting.
/// </summary>
internal static class MailExchangers
{
    /// <summary>The mail servers of <paramref name="domain"/>, or the result that makes connecting moot.</summary>
    public static async Task<(IReadOnlyList<MailExchanger> Hosts, CalloutResult? Decided)> ResolveAsync(
        IDnsResolver resolver, string domain, int maxHosts, CancellationToken cancellationToken)
    {
        DnsLookup<DnsMxRecord> mx = await resolver.ResolveMxAsync(domain, cancellationToken);
        switch (mx.Status)
        {
            case DnsStatus.NameNotFound:
                return ([], CalloutResult.Rejected($"sender domain {domain} does not exist"));
            case DnsStatus.TempError or DnsStatus.PermError:
                return ([], CalloutResult.Unknown($"MX lookup of {domain} failed ({mx.Status}, {mx.Error})"));
            case DnsStatus.NoData:
                return await ImplicitMxAsync(resolver, domain, cancellationToken);
        }

        if (mx.Values.Any(IsNullMx))
        {
            return ([], CalloutResult.Rejected($"sender domain {domain} accepts no mail (null MX)"));
        }

        string[] names = [.. mx.Values.Select(r => r.Exchange.TrimEnd('.')).Distinct(StringComparer.OrdinalIgnoreCase).Take(maxHosts)];
        DnsLookup<IPAddress>[] addresses = await Task.WhenAll(names.Select(name => resolver.ResolveAddressesAsync(name, cancellationToken).AsTask()));
        MailExchanger[] hosts = [.. names.Select((name, i) => new MailExchanger(name, addresses[i].Status == DnsStatus.Found ? addresses[i].Values : []))
            .Where(host => host.Addresses.Count > 0)];
        return hosts.Length > 0
            ? (hosts, null)
            : ([], CalloutResult.Unknown($"no address for the MX hosts of {domain} ({string.Join(", ", names)})"));
    }

    // RFC 7505 §3: a single MX of preference 0 naming "."; any MX naming the root is treated alike.
    private static bool IsNullMx(DnsMxRecord record) => record.Exchange is "." or "";

    private static async Task<(IReadOnlyList<MailExchanger>, CalloutResult?)> ImplicitMxAsync(IDnsResolver resolver, string domain, CancellationToken cancellationToken)
    {
        DnsLookup<IPAddress> own = await resolver.ResolveAddressesAsync(domain, cancellationToken);
        return own.Status switch
        {
            DnsStatus.Found => ([new MailExchanger(domain, own.Values)], null),
            DnsStatus.NameNotFound or DnsStatus.NoData => ([], CalloutResult.Rejected($"sender domain {domain} has no MX and no address")),
            _ => ([], CalloutResult.Unknown($"address lookup of {domain} failed ({own.Status}, {own.Error})")),
        };
    }
}
