using System.Net;
using System.Text;

namespace SmtpLoad;

/// <summary>
/// The spam wave's other 5 %: clean (not listed) clients that connect, read the banner, say EHLO and then
/// sit silent in the middle of the dialogue, as slow real senders do, so the wave reaches its full count
/// of concurrent connections. They never reach RCPT (the backend would have to hold a process for each).
/// At the end each must still answer NOOP with 250: the wave never cost a clean client its session.
/// </summary>
internal sealed class HeldCleanClients : IDisposable
{
    private static readonly byte[] s_ehlo = Encoding.ASCII.GetBytes("EHLO slow.client.test\r\n");
    private static readonly byte[] s_noop = Encoding.ASCII.GetBytes("NOOP\r\n");

    private readonly SmtpClientConnection?[] _connections;
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);

    private HeldCleanClients(int count) => _connections = new SmtpClientConnection?[count];

    public int Opened => _connections.Count(c => c is not null);

    /// <summary>Why a client could not be opened or failed the last NOOP, by error key.</summary>
    public IReadOnlyDictionary<string, int> Errors => _errors;

    public static async Task<HeldCleanClients> OpenAsync(SpamWaveOptions options, SourceAddressPool sources, CancellationToken cancellationToken)
    {
        var clients = new HeldCleanClients(options.HeldClean);
        using var slots = new SemaphoreSlim(options.OpenParallel);
        await Task.WhenAll(Enumerable.Range(0, options.HeldClean).Select(async i =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                clients._connections[i] = await OpenOneAsync(options.Server, sources.Next(), options.SessionTimeout, cancellationToken);
            }
            catch (Exception e) when (IsClientFailure(e, cancellationToken))
            {
                clients.Failed("open", e);
            }
            finally
            {
                slots.Release();
            }
        }));
        return clients;
    }

    /// <summary>Asks every held client for NOOP; returns how many got 250.</summary>
    public async Task<int> CountAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        int answering = 0;
        await Task.WhenAll(_connections.Where(c => c is not null).Select(async connection =>
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await connection!.SendAsync(s_noop, limit.Token);
                if (await connection.ReadReplyAsync(limit.Token) == 250)
                {
                    Interlocked.Increment(ref answering);
                    return;
                }

                Failed("noop", new SmtpLoadException("not 250"));
            }
            catch (Exception e) when (IsClientFailure(e, cancellationToken))
            {
                Failed("noop", e);
            }
        }));
        return answering;
    }

    public void Dispose()
    {
        foreach (SmtpClientConnection? connection in _connections)
        {
            connection?.Dispose();
        }
    }

    private static async Task<SmtpClientConnection> OpenOneAsync(IPEndPoint server, IPAddress source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        SmtpClientConnection connection = await SmtpClientConnection.ConnectAsync(server, source, limit.Token);
        try
        {
            Expect(220, await connection.ReadReplyAsync(limit.Token), "banner");
            await connection.SendAsync(s_ehlo, limit.Token);
            Expect(250, await connection.ReadReplyAsync(limit.Token), "EHLO");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Expect(int expected, int code, string what)
    {
        if (code != expected)
        {
            throw new SmtpLoadException($"{what} {code}");
        }
    }

    // What a misbehaving server or a timeout throws; the run's own cancellation is not a failure.
    private static bool IsClientFailure(Exception e, CancellationToken cancellationToken) =>
        e is SmtpLoadException or System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested;

    private void Failed(string step, Exception e)
    {
        string key = $"{step}: {(e is OperationCanceledException ? "timeout" : e.Message)}";
        lock (_errors)
        {
            _errors[key] = _errors.GetValueOrDefault(key) + 1;
        }
    }
}
