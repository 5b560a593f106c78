using System.Net;

namespace SmtpShield.Dns;

/// <summary>The lookups the SMTP checks make, each reduced to the values the check needs.</summary>
public static class DnsResolverExtensions
{
    /// <summary>
    /// The A and AAAA addresses of <paramref name="name"/>, asked in parallel. If either question failed
    /// temporarily the whole lookup did: a partial list must not pass for the complete one (a forward-confirmed
    /// reverse DNS check would wrongly fail an IPv6 client whose AAAA query timed out).
    /// </summary>
    public static async ValueTask<DnsLookup<IPAddress>> ResolveAddressesAsync(this IDnsResolver resolver, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        Task<DnsResult> v4 = resolver.QueryAsync(name, DnsRecordType.A, cancellationToken).AsTask();
        Task<DnsResult> v6 = resolver.QueryAsync(name, DnsRecordType.AAAA, cancellationToken).AsTask();
        DnsResult[] both = await Task.WhenAll(v4, v6);
        (DnsResult a, DnsResult aaaa) = (both[0], both[1]);

        if (Array.Find(both, r => r.Status == DnsStatus.TempError) is { } temporary)
        {
            return new DnsLookup<IPAddress>(DnsStatus.TempError, [], null, temporary.Error);
        }

        if (a.Status == DnsStatus.Found || aaaa.Status == DnsStatus.Found)
        {
            IPAddress[] addresses = [.. a.Records.Concat(aaaa.Records).OfType<DnsAddressRecord>().Select(r => r.Address)];
            return new DnsLookup<IPAddress>(DnsStatus.Found, addresses, MinTtl(both.Where(r => r.Status == DnsStatus.Found)));
        }

        // Neither found: the more telling status wins (NXDOMAIN over NODATA; a PermError only if both are).
        DnsStatus status = Array.Exists(both, r => r.Status == DnsStatus.NameNotFound) ? DnsStatus.NameNotFound
            : Array.Exists(both, r => r.Status == DnsStatus.NoData) ? DnsStatus.NoData
            : DnsStatus.PermError;
        return new DnsLookup<IPAddress>(status, [], MinTtl(both.Where(r => r.Status == status)), status == DnsStatus.PermError ? a.Error : DnsError.None);
    }

    /// <summary>The PTR names of <paramref name="address"/> (under in-addr.arpa or ip6.arpa).</summary>
    public static async ValueTask<DnsLookup<string>> ResolvePtrAsync(this IDnsResolver resolver, IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        DnsResult result = await resolver.QueryAsync(ReverseName.For(address), DnsRecordType.PTR, cancellationToken);
        return Project(result, (DnsPtrRecord r) => r.Target);
    }

    /// <summary>The TXT records of <paramref name="name"/>, one string per record: its character-strings joined (RFC 7208 §3.3).</summary>
    public static async ValueTask<DnsLookup<string>> ResolveTxtAsync(this IDnsResolver resolver, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        DnsResult result = await resolver.QueryAsync(name, DnsRecordType.TXT, cancellationToken);
        return Project(result, (DnsTxtRecord r) => r.Text);
    }

    /// <summary>The MX records of <paramref name="name"/>, most preferred (lowest preference) first, then by exchange name.</summary>
    public static async ValueTask<DnsLookup<DnsMxRecord>> ResolveMxAsync(this IDnsResolver resolver, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        DnsResult result = await resolver.QueryAsync(name, DnsRecordType.MX, cancellationToken);
        DnsLookup<DnsMxRecord> lookup = Project(result, (DnsMxRecord r) => r);
        DnsMxRecord[] sorted = [.. lookup.Values.OrderBy(r => r.Preference).ThenBy(r => r.Exchange, StringComparer.OrdinalIgnoreCase)];
        return lookup with { Values = sorted };
    }

    private static DnsLookup<TValue> Project<TRecord, TValue>(DnsResult result, Func<TRecord, TValue> select)
        where TRecord : DnsRecord =>
        new(result.Status, [.. result.Records.OfType<TRecord>().Select(select)], result.Ttl, result.Error);

    // Null when none of the results has a TTL.
    private static TimeSpan? MinTtl(IEnumerable<DnsResult> results) => results.Min(r => r.Ttl);
}
