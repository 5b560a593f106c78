using System.Diagnostics;
using System.Text;

namespace SmtpShield.IntegrationTests.Sessions;

/// <summary>
/// STARTTLS (RFC 3207): plaintext pipelined after the command is thrown away, never answered over TLS
/// (CVE-2011-0411); TLS cannot be started twice; and a client that answers the 220 with something other
/// than a TLS handshake loses its connection, not the server.
/// </summary>
public class StartTlsTests
{
    [Fact]
    public async Task CommandInjectedAfterStartTls_IsDiscardedNotAnsweredOverTls()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");
        client.Transcript.Take();

        await client.SendAsync("STARTTLS\r\nRSET\r\n");
        await client.ExpectAsync(220);
        await client.StartTlsAsync();
        // RSET and NOOP share "250 2.0.0 Ok", so HELP (214) follows: a reply owed to RSET would shift it.
        string transcript = await client.ConverseAsync("NOOP", "HELP");

        Assert.Equal(
            """
            C: STARTTLS
            C: RSET
            S: 220 2.0.0 Ready to start TLS
            -- TLS started
            C: NOOP
            S: 250 2.0.0 Ok
            C: HELP
            S: 214 2.0.0 See https://www.rfc-editor.org/rfc/rfc5321
            """,
            transcript);
    }

    [Fact]
    public async Task StartTlsOverTls_IsABadSequence()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");
        await client.CommandAsync("STARTTLS");
        await client.StartTlsAsync();
        client.Transcript.Take();

        Assert.Equal(
            """
            C: STARTTLS
            S: 503 5.5.1 Error: TLS already active
            C: EHLO client.example
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            """,
            await client.ConverseAsync("STARTTLS", "EHLO client.example"));
    }

    [Fact]
    public async Task PlaintextInsteadOfAHandshake_ClosesThatConnectionAndTheServerServesTheNext()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using (SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint))
        {
            await client.CommandAsync("EHLO client.example");
            Assert.Equal("220 2.0.0 Ready to start TLS", (await client.CommandAsync("STARTTLS")).ToString());

            await client.SendAsync(Encoding.ASCII.GetBytes("this is not a TLS ClientHello\r\nQUIT\r\n"));

            await client.ExpectClosedAsync();
        }

        await using SmtpTestClient next = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        Assert.Equal("250 2.0.0 Ok", (await next.CommandAsync("NOOP")).ToString());
    }

    [Fact]
    public async Task ClientThatStallsTheHandshake_IsCutAfterTheHandshakeTimeout()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Tls:HandshakeTimeout", "00:00:01"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");
        await client.ExpectAsync(220, "STARTTLS");
        var clock = Stopwatch.StartNew();

        await client.ExpectClosedAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task StartTlsInsideAMailTransaction_IsABadSequence()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync();
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");
        client.Transcript.Take();

        Assert.Equal(
            """
            C: MAIL FROM:<a@example.net>
            S: 250 2.1.0 Ok
            C: STARTTLS
            S: 503 5.5.1 Error: MAIL transaction in progress
            C: RSET
            S: 250 2.0.0 Ok
            C: STARTTLS
            S: 220 2.0.0 Ready to start TLS
            """,
            await client.ConverseAsync("MAIL FROM:<a@example.net>", "STARTTLS", "RSET", "STARTTLS"));
    }

    [Fact]
    public async Task IdleTimeoutOverTls_IsAnnouncedOverTls()
    {
        // Fails today with "decryption failed or bad record mac" on the client: see SmtpSession.Interrupt.
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Limits:IdleTimeout", "00:00:01"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        await client.CommandAsync("EHLO client.example");
        await client.ExpectAsync(220, "STARTTLS");
        await client.StartTlsAsync();

        string timeout = (await client.ReadReplyAsync()).ToString();
        await client.ExpectClosedAsync();

        Assert.Equal("421 4.4.2 mx.test.example Error: timeout exceeded", timeout);
    }

    [Fact]
    public async Task WithTlsDisabled_StartTlsIsNeitherOfferedNorServed()
    {
        await using DaemonUnderTest daemon = await DaemonUnderTest.StartAsync(("Tls:Enabled", "false"));
        await using SmtpTestClient client = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint);
        client.Transcript.Take();

        Assert.Equal(
            """
            C: EHLO client.example
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            C: STARTTLS
            S: 502 5.5.1 Error: STARTTLS not available
            C: NOOP
            S: 250 2.0.0 Ok
            """,
            await client.ConverseAsync("EHLO client.example", "STARTTLS", "NOOP"));
    }
}
