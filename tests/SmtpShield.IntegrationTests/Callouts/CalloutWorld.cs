using SmtpShield.IntegrationTests.Backends;

namespace SmtpShield.IntegrationTests.Callouts;

/// <summary>
/// The senders' side of the callout tests: two private Postfix instances and dnsmasq with the records that
/// lead to them. <see cref="Postfix"/> holds backend.test (alice exists; carol is greylisted with 450; erin
/// is refused with a policy code, 550 5.7.1);
/// <see cref="NoBounce"/> refuses MAIL FROM:&lt;&gt; at once. Each listens on an address and port of its own.
/// </summary>
public sealed class CalloutWorld : IAsyncLifetime
{
    internal PostfixBackend Postfix { get; private set; } = null!;

    internal PostfixBackend NoBounce { get; private set; } = null!;

    internal Dnsmasq Dns { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postfix = await PostfixBackend.StartXclientAsync(
            ("smtpd_recipient_restrictions", "check_recipient_access inline:{ { carol@backend.test = 450 4.7.1 Greylisted, try again later }, { erin@backend.test = 550 5.7.1 Client host rejected: policy } }"));
        NoBounce = await PostfixBackend.StartXclientAsync(
            ("smtpd_delay_reject", "no"),
            ("smtpd_sender_restrictions", "check_sender_access inline:{ { <> = 550 5.7.1 No bounces accepted here } }"));
        // Each Postfix listens on an address of its own in 127/8; the callout's port is the test's to set.
        string backend = Postfix.EndPoint.Address.ToString(), nobounce = NoBounce.EndPoint.Address.ToString();
        Dns = await Dnsmasq.StartAsync(
        [
            // --local: names under test. are answered from these records, or NXDOMAIN.
            "--local=/test/",
            "--mx-host=backend.test,mx.backend.test,10",
            $"--host-record=mx.backend.test,{backend}",
            "--mx-host=nobounce.test,mx.nobounce.test,10",
            $"--host-record=mx.nobounce.test,{nobounce}",
            "--mx-host=twomx.test,mx1.twomx.test,10",
            "--mx-host=twomx.test,mx2.twomx.test,20",
            "--host-record=mx1.twomx.test,127.0.0.9",
            $"--host-record=mx2.twomx.test,{backend}",
            $"--host-record=implicit.test,{backend}",
            "--mx-host=nullmx.test,.,0",
            "--txt-record=nothing.test,v=spf1 -all",
        ]);
    }

    public async Task DisposeAsync()
    {
        Dns?.Dispose();
        if (NoBounce is not null)
        {
            await NoBounce.DisposeAsync();
        }

        if (Postfix is not null)
        {
            await Postfix.DisposeAsync();
        }
    }
}
