using System.Collections.Concurrent;

namespace SmtpShield.Dns.Tests;

/// <summary>
/// Holds answers by question and counts the queries that reach it. While <see cref="Hold"/> is set, queries
/// wait for <see cref="Release"/>, so a test can pile up callers behind one in-flight question.
/// </summary>
internal sealed class FakeDnsResolver : IDnsResolver
{
    private readonly ConcurrentDictionary<(string, DnsRecordType), DnsResult> _answers = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _queries;

    public bool Hold { get; init; }

    public int Queries => Volatile.Read(ref _queries);

    public Exception? Failure { get; set; }

    public FakeDnsResolver With(string name, DnsRecordType type, DnsResult result)
    {
        _answers[(name.ToLowerInvariant(), type)] = result;
        return this;
    }

    public void Release() => _release.TrySetResult();

    public async ValueTask<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _queries);
        if (Hold)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        if (Failure is not null)
        {
            throw Failure;
        }

        return _answers.TryGetValue((name.TrimEnd('.').ToLowerInvariant(), type), out DnsResult? result)
            ? result
            : DnsResult.NameNotFound(null);
    }
}
