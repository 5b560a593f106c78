namespace SmtpShield.Dns;

/// <summary>
/// The outcome of a convenience lookup (<see cref="DnsResolverExtensions"/>): the same status, TTL and error
/// as <see cref="DnsResult"/>, with the records reduced to the values a check needs.
/// </summary>
public sealed record DnsLookup<T>(DnsStatus Status, IReadOnlyList<T> Values, TimeSpan? Ttl, DnsError Error = DnsError.None);
