namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// dnsmasq answering reverse and forward DNS for the clients of the reverse-DNS and EHLO tests:
/// <code>
/// client      PTR                            the PTR name resolves to
/// 127.8.0.1   mail.rdns.test                 127.8.0.1        (forward-confirmed)
/// 127.8.0.2   liar.rdns.test                 192.0.2.50       (not the client)
/// 127.8.0.3   none (NXDOMAIN)
/// 127.8.0.4   127-8-0-4.dyn.rdns.test        127.8.0.4        (confirmed, but generic)
/// 127.8.0.5   127-8-0-5.pool.rdns.test       192.0.2.51       (generic and not the client)
/// 127.8.0.6   other.rdns.test, mail6.rdns.test  NXDOMAIN, 127.8.0.6 (the second name confirms)
/// 127.8.0.7   many01.rdns.test … many15.rdns.test  192.0.2.1 … 192.0.2.15 (none is the client)
/// 127.9.0.1   REFUSED: outside every zone dnsmasq answers for
/// </code>
/// </summary>
public sealed class TestReverseDnsServer : IAsyncLifetime
{
    internal Dnsmasq Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await Dnsmasq.StartAsync(
    [
        // --local: names under these are answered from the records below, or NXDOMAIN; anything else is REFUSED.
        "--local=/rdns.test/",
        "--local=/8.127.in-addr.arpa/",
        "--local-ttl=60",
        // --host-record adds the A record and its PTR; --ptr-record only the PTR, and once an address has
        // one, dnsmasq answers its PTR question from --ptr-record lines alone.
        "--host-record=mail.rdns.test,127.8.0.1",
        "--ptr-record=2.0.8.127.in-addr.arpa,liar.rdns.test",
        "--host-record=liar.rdns.test,192.0.2.50",
        "--host-record=127-8-0-4.dyn.rdns.test,127.8.0.4",
        "--ptr-record=5.0.8.127.in-addr.arpa,127-8-0-5.pool.rdns.test",
        "--host-record=127-8-0-5.pool.rdns.test,192.0.2.51",
        "--ptr-record=6.0.8.127.in-addr.arpa,other.rdns.test",
        "--ptr-record=6.0.8.127.in-addr.arpa,mail6.rdns.test",
        "--host-record=mail6.rdns.test,127.8.0.6",
        .. ManyPtrNames.SelectMany((name, i) => new[] { $"--ptr-record=7.0.8.127.in-addr.arpa,{name}", $"--host-record={name},192.0.2.{i + 1}" }),
    ]);

    /// <summary>The PTR names of 127.8.0.7: more than a lookup follows.</summary>
    private static string[] ManyPtrNames { get; } = [.. Enumerable.Range(1, 15).Select(i => $"many{i:00}.rdns.test")];

    public Task DisposeAsync()
    {
        Server?.Dispose();
        return Task.CompletedTask;
    }
}
