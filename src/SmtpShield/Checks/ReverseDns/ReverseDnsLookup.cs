using System.Net;
using SmtpShield.Dns;
using SmtpShield.Listener;

namespace SmtpShield.Checks.ReverseDns;

/// <summary>
/// Forward-confirmed reverse DNS: the client's PTR names, then each name's A/AAAA records, looking for the
/// client address. At most <see cref="MaxNamesChecked"/> names are followed, so a hostile PTR set cannot
/// make one connection cost dozens of queries.
/// </summary>
internal sealed class ReverseDnsLookup(IDnsResolver resolver)
{
    // Postfix and mox both stop at a handful of PTR names; 10 covers every real multi-PTR setup.
    public const int MaxNamesChecked = 10;

    public async Task<ReverseDnsResult> LookupAsync(IPAddress client, CancellationToken cancellationToken)
    {
        DnsLookup<string> ptr = await resolver.ResolvePtrAsync(client, cancellationToken);
        switch (ptr.Status)
        {
            case DnsStatus.NameNotFound or DnsStatus.NoData:
                return new ReverseDnsResult(ReverseDnsStatus.Missing, null, []);
            case DnsStatus.TempError:
                return new ReverseDnsResult(ReverseDnsStatus.TemporaryError, null, []);
            case DnsStatus.PermError:
                return new ReverseDnsResult(ReverseDnsStatus.PermanentError, null, []);
        }

        string[] names = [.. ptr.Values.Select(n => n.TrimEnd('.')).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxNamesChecked)];
        Task<DnsLookup<IPAddress>>[] forward = [.. names.Select(name => resolver.ResolveAddressesAsync(name, cancellationToken).AsTask())];
        DnsLookup<IPAddress>[] answers = await Task.WhenAll(forward);
        IPAddress wanted = ClientAddress.Normalize(client);
        for (int i = 0; i < names.Length; i++)
        {
            if (answers[i].Status == DnsStatus.Found && answers[i].Values.Any(a => ClientAddress.Normalize(a).Equals(wanted)))
            {
                return new ReverseDnsResult(ReverseDnsStatus.Confirmed, names[i], names);
            }
        }

        // Not confirmed; but if a forward lookup merely failed for now, we cannot say it never will.
        ReverseDnsStatus status = answers.Any(a => a.Status == DnsStatus.TempError) ? ReverseDnsStatus.TemporaryError : ReverseDnsStatus.Unconfirmed;
        return new ReverseDnsResult(status, null, names);
    }
}
