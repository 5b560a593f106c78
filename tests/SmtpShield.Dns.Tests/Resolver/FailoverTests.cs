using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmtpShield.Dns.Tests.Servers;

namespace SmtpShield.Dns.Tests.Resolver;

/// <summary>
/// Servers that do not answer, refuse connections, fail or refuse cost one timeout each and the next server is
/// asked; attempts repeat the round. Only failures every server agrees are permanent make a PermError.
/// </summary>
[Collection(DnsmasqCollection.Name)]
public class FailoverTests(DnsServers servers) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _blackHole = Loopback.BlackHole();
    private readonly Socket _otherBlackHole = Loopback.BlackHole();

    [Fact]
    public async Task ServerThatNeverAnswers_IsATimeout_AfterTheConfiguredTimeout()
    {
        var clock = Stopwatch.StartNew();

        DnsResult result = await Resolver(attempts: 1, Server(_blackHole)).QueryAsync("host.zone.test", DnsRecordType.A);

        Assert.Equal((DnsStatus.TempError, DnsError.Timeout), (result.Status, result.Error));
        Assert.InRange(clock.Elapsed, s_timeout * 0.9, s_timeout * 5);
    }

    [Fact]
    public async Task AfterAServerTimesOut_TheNextIsAsked()
    {
        var clock = Stopwatch.StartNew();

        DnsResult result = await Resolver(attempts: 1, Server(_blackHole), servers.Authoritative.Server).QueryAsync("host.zone.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
        Assert.InRange(clock.Elapsed, s_timeout * 0.9, s_timeout * 5);
        Assert.Equal(1, Received(_blackHole));
    }

    [Fact]
    public async Task EachAttempt_AsksEveryServerInTurn()
    {
        DnsResult result = await Resolver(attempts: 2, Server(_blackHole), Server(_otherBlackHole)).QueryAsync("host.zone.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.TempError, result.Status);
        Assert.Equal((2, 2), (Received(_blackHole), Received(_otherBlackHole)));
    }

    [Fact]
    public async Task ServerWithNothingListening_IsANetworkError_WithoutWaitingForTheTimeout()
    {
        // ICMP port unreachable reaches the connected UDP socket at once.
        var slow = new DnsResolverOptions { Servers = { Loopback.Closed().ToString() }, Timeout = TimeSpan.FromSeconds(10), Attempts = 1 };
        var clock = Stopwatch.StartNew();

        DnsResult result = await new DnsStubResolver(slow).QueryAsync("host.zone.test", DnsRecordType.A);

        Assert.Equal((DnsStatus.TempError, DnsError.NetworkError), (result.Status, result.Error));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AfterServerFailure_TheNextServerIsAsked()
    {
        DnsResult result = await AnsweringResolver(attempts: 1, servers.Validating.Server, servers.Authoritative.Server).QueryAsync("host.zone.test", DnsRecordType.A);

        Assert.Equal(DnsStatus.Found, result.Status);
    }

    [Fact]
    public async Task AServerThatRefused_IsNotAskedAgainInLaterAttempts()
    {
        // REFUSED says "not from me", not "try later": three attempts must still be one question.
        int before = servers.Authoritative.CountQueries("refused-once.example.org", "A");

        DnsResult result = await AnsweringResolver(attempts: 3, servers.Authoritative.Server).QueryAsync("refused-once.example.org", DnsRecordType.A);

        Assert.Equal((DnsStatus.PermError, DnsError.Refused), (result.Status, result.Error));
        Assert.True(servers.Authoritative.WaitForLog(line => line.Contains("refused-once.example.org", StringComparison.Ordinal), TimeSpan.FromSeconds(2)));
        await Task.Delay(200);
        Assert.Equal(1, servers.Authoritative.CountQueries("refused-once.example.org", "A") - before);
    }

    [Fact]
    public async Task RefusedByEveryServer_IsAPermError()
    {
        DnsResult result = await AnsweringResolver(attempts: 2, servers.Authoritative.Server, servers.Authoritative.Server).QueryAsync("example.org", DnsRecordType.A);

        Assert.Equal((DnsStatus.PermError, DnsError.Refused), (result.Status, result.Error));
    }

    [Fact]
    public async Task RefusedByOneServer_WhileAnotherTimedOut_IsATempError()
    {
        DnsResult result = await Resolver(attempts: 1, servers.Authoritative.Server, Server(_blackHole)).QueryAsync("example.org", DnsRecordType.A);

        Assert.Equal((DnsStatus.TempError, DnsError.Timeout), (result.Status, result.Error));
    }

    [Fact]
    public async Task CancelledCaller_StopsWaiting_WithOperationCanceled()
    {
        var patient = new DnsResolverOptions { Servers = { Server(_blackHole) }, Timeout = TimeSpan.FromSeconds(10), Attempts = 1 };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new DnsStubResolver(patient).QueryAsync("host.zone.test", DnsRecordType.A, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    public void Dispose()
    {
        _blackHole.Dispose();
        _otherBlackHole.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string Server(Socket blackHole) => blackHole.LocalEndPoint!.ToString()!;

    private static DnsStubResolver Resolver(int attempts, params string[] servers) => Resolver(s_timeout, attempts, servers);

    /// <summary>For servers that all answer: a timeout there would be the loaded machine, not the code under test.</summary>
    private static DnsStubResolver AnsweringResolver(int attempts, params string[] servers) => Resolver(s_answerTimeout, attempts, servers);

    private static DnsStubResolver Resolver(TimeSpan timeout, int attempts, string[] servers)
    {
        var options = new DnsResolverOptions { Timeout = timeout, Attempts = attempts };
        foreach (string server in servers)
        {
            options.Servers.Add(server);
        }

        return new DnsStubResolver(options);
    }

    // Datagrams that reached a black hole: each is one query the resolver sent there.
    private static int Received(Socket blackHole)
    {
        int count = 0;
        byte[] buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (blackHole.Poll(TimeSpan.FromMilliseconds(50), SelectMode.SelectRead))
        {
            blackHole.ReceiveFrom(buffer, ref from);
            count++;
        }

        return count;
    }
}
