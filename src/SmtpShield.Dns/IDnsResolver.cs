namespace SmtpShield.Dns;

/// <summary>
/// Answers one DNS question. Every DNS outcome, failures included, is a <see cref="DnsResult"/>; the only
/// exception is <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
/// Names compare case-insensitively (RFC 4343) and may end with a dot.
/// </summary>
public interface IDnsResolver
{
    ValueTask<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default);
}
