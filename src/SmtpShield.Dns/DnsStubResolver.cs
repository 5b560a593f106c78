using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using SmtpShield.Dns.Transport;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns;

/// <summary>
/// Asks recursive name servers (RFC 1034 §5.3.1 stub resolver): one question per call, over UDP, and again
/// over TCP when the answer is truncated. For each of <see cref="Attempts"/> rounds the servers are asked in
/// order, each for up to <see cref="Timeout"/>, as the C library does. No caching: see <see cref="CachingDnsResolver"/>.
/// </summary>
public sealed class DnsStubResolver : IDnsResolver
{
    private static readonly RandomNumberGenerator s_systemRandom = RandomNumberGenerator.Create();

    private readonly IPEndPoint[] _servers;
    private readonly TimeProvider _timeProvider;
    private readonly RandomNumberGenerator _random;

    public DnsStubResolver(DnsResolverOptions options)
        : this(options, TimeProvider.System, s_systemRandom)
    {
    }

    /// <param name="options">Servers, timeout and attempts; what is not set comes from resolv.conf.</param>
    /// <param name="timeProvider">Drives the per-server timeout.</param>
    /// <param name="random">Source of transaction ids (RFC 5452 §9.2: they must be unpredictable).</param>
    public DnsStubResolver(DnsResolverOptions options, TimeProvider timeProvider, RandomNumberGenerator random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(random);
        options.ThrowIfInvalid();

        ResolvConf? system = options.Servers.Count == 0 || options.Timeout is null || options.Attempts is null
            ? ResolvConf.Load(options.ResolvConfPath)
            : null;
        _servers = options.Servers.Count > 0 ? [.. options.Servers.Select(Parse)] : [.. system!.Servers];
        Timeout = options.Timeout ?? system!.Timeout;
        Attempts = options.Attempts ?? system!.Attempts;
        _timeProvider = timeProvider;
        _random = random;
    }

    public IReadOnlyList<IPEndPoint> Servers => _servers;

    public TimeSpan Timeout { get; }

    public int Attempts { get; }

    public async ValueTask<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();

        byte[] query = new byte[DnsQueryEncoder.MaxQueryLength];
        DnsNameError nameError = DnsQueryEncoder.TryEncode(0, name, type, query, out int length);
        if (nameError != DnsNameError.None)
        {
            return DnsResult.PermError(nameError == DnsNameError.NameTooLong ? DnsError.NameTooLong : DnsError.InvalidName);
        }

        // The question as the wire spells it (escapes resolved, no trailing dot), to match responses against.
        int questionOffset = DnsLimits.HeaderLength;
        DnsName.TryRead(query, ref questionOffset, out string canonicalName);
        var question = new DnsQuestion(canonicalName, type, DnsQuestion.InternetClass);

        var failure = new FailureTally();
        bool[]? refusedBy = null;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            for (int i = 0; i < _servers.Length; i++)
            {
                // A server that refused (REFUSED, NOTIMP, garbage) will refuse again: later rounds skip it.
                if (refusedBy?[i] == true)
                {
                    continue;
                }

                IPEndPoint server = _servers[i];
                // A fresh id for every datagram: a late answer to an earlier try can never match a later one.
                ushort id = NextId();
                BinaryPrimitives.WriteUInt16BigEndian(query, id);
                var exchange = new DnsExchange(server, query.AsMemory(0, length), id, question, Timeout);

                DnsExchangeResult outcome = await UdpTransport.ExchangeAsync(exchange, _timeProvider, cancellationToken);
                if (outcome.Status == DnsExchangeStatus.Truncated)
                {
                    outcome = await TcpTransport.ExchangeAsync(exchange, _timeProvider, cancellationToken);
                }

                DnsResult result = outcome.Status switch
                {
                    DnsExchangeStatus.Response => DnsResponseInterpreter.Interpret(outcome.Message!, question),
                    DnsExchangeStatus.Timeout => DnsResult.TempError(DnsError.Timeout),
                    DnsExchangeStatus.NetworkError => DnsResult.TempError(DnsError.NetworkError),
                    _ => DnsResult.PermError(DnsError.MalformedResponse),
                };

                if (!IsServerFailure(result))
                {
                    return result;
                }

                if (result.Status == DnsStatus.PermError)
                {
                    (refusedBy ??= new bool[_servers.Length])[i] = true;
                }

                failure.Add(result);
            }
        }

        return failure.Result;
    }

    // Failures of this server rather than answers about the name: another server may do better, as the C
    // library moves on after SERVFAIL, REFUSED and NOTIMP. CnameChainTooLong is about the data, so it stands.
    private static bool IsServerFailure(DnsResult result) =>
        result.Status is DnsStatus.TempError || (result.Status is DnsStatus.PermError && result.Error != DnsError.CnameChainTooLong);

    // Validated in the constructor, so parsing cannot fail here.
    private static IPEndPoint Parse(string server) =>
        DnsServerAddress.TryParse(server, out IPEndPoint endPoint) ? endPoint : throw new UnreachableException(server);

    private ushort NextId()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ushort)];
        _random.GetBytes(bytes);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes);
    }

    // When every server failed: permanent only if every failure was permanent, since one that might pass
    // must not turn into a 5xx; otherwise the latest temporary failure.
    private sealed class FailureTally
    {
        private DnsResult? _lastTemporary;
        private DnsResult? _lastPermanent;

        public DnsResult Result => _lastTemporary ?? _lastPermanent ?? DnsResult.TempError(DnsError.Timeout);

        public void Add(DnsResult result)
        {
            if (result.Status == DnsStatus.TempError)
            {
                _lastTemporary = result;
            }
            else
            {
                _lastPermanent = result;
            }
        }
    }
}
