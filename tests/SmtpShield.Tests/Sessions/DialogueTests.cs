namespace SmtpShield.Tests.Sessions;

/// <summary>Whole dialogues as an admin would read them: C: what the client sends, S: what SmtpShield answers.</summary>
public sealed class DialogueTests
{
    [Fact]
    public async Task CleanClient_IsGreetedAndToldToRetryAtRcpt_UntilTheRelayExists()
    {
        await using SessionHarness session = SessionHarness.Start();
        await session.PlayAsync("""
            S: 220 mx.test.example ESMTP
            C: EHLO client.example
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-STARTTLS
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            C: MAIL FROM:<sender@client.example>
            S: 250 2.1.0 Ok
            C: RCPT TO:<user@example.org>
            S: 451 4.4.0 Error: the mail server is not reachable now; try again later
            C: DATA
            S: 554 5.5.1 Error: no valid recipients
            C: QUIT
            S: 221 2.0.0 Bye
            """);
        await session.AssertClosedAsync();
    }

    [Fact]
    public async Task HeloClient_GetsAPlainGreetingAndNoEsmtpParameters()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.PlayAsync("""
            C: HELO client.example
            S: 250 mx.test.example
            C: MAIL FROM:<a@client.example> SIZE=100
            S: 555 5.5.4 ESMTP parameters need EHLO
            C: MAIL FROM:<a@client.example>
            S: 250 2.1.0 Ok
            """);
    }

    [Fact]
    public async Task CommandsOutOfOrder_Get503()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.PlayAsync("""
            C: MAIL FROM:<a@client.example>
            S: 503 5.5.1 Error: send HELO/EHLO first
            C: EHLO client.example
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-STARTTLS
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            C: RCPT TO:<user@example.org>
            S: 503 5.5.1 Error: need MAIL command
            C: DATA
            S: 503 5.5.1 Error: need MAIL command
            C: MAIL FROM:<a@client.example>
            S: 250 2.1.0 Ok
            C: MAIL FROM:<b@client.example>
            S: 503 5.5.1 Error: nested MAIL command
            C: DATA
            S: 503 5.5.1 Error: need RCPT command
            """);
    }

    [Fact]
    public async Task RsetAndEhlo_BothEndTheTransaction()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.PlayAsync("""
            C: HELO client.example
            S: 250 mx.test.example
            C: MAIL FROM:<a@client.example>
            S: 250 2.1.0 Ok
            C: RSET
            S: 250 2.0.0 Ok
            C: MAIL FROM:<a@client.example>
            S: 250 2.1.0 Ok
            C: HELO client.example
            S: 250 mx.test.example
            C: RCPT TO:<user@example.org>
            S: 503 5.5.1 Error: need MAIL command
            """);
    }

    [Fact]
    public async Task MalformedAndUnsupportedCommands_GetTheirOwnErrors()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.PlayAsync("""
            C: EHLO
            S: 501 5.5.4 Syntax: EHLO hostname
            C: HELO client.example
            S: 250 mx.test.example
            C: MAIL FROM:a@client.example
            S: 501 5.1.7 Bad sender address syntax
            C: MAIL TO:<a@client.example>
            S: 501 5.5.4 Syntax: MAIL FROM:<address>
            C: FOO bar
            S: 500 5.5.2 Error: command not recognized
            C: VRFY postmaster
            S: 502 5.5.1 VRFY command is disabled
            """);
    }

    [Fact]
    public async Task MoreMalformedCommands_GetTheirOwnErrors()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Limits:MaxErrors", "50"));
        await session.PlayAsync("""
            C: EHLO client.example
            S: 250-mx.test.example
            S: 250-PIPELINING
            S: 250-SIZE 10240000
            S: 250-STARTTLS
            S: 250-ENHANCEDSTATUSCODES
            S: 250-8BITMIME
            S: 250-DSN
            S: 250 SMTPUTF8
            C: EXPN staff
            S: 502 5.5.1 Error: command not implemented
            C: AUTH PLAIN AAAA
            S: 502 5.5.1 Error: command not implemented
            C: BOGUS / HTTP/1.1
            S: 500 5.5.2 Error: command not recognized
            C: MAIL FROM:<a@client.example> FOO=bar
            S: 555 5.5.4 Unsupported option
            C: MAIL FROM:<a@client.example> SIZE=99999999999
            S: 552 5.3.4 Message size exceeds fixed limit
            C: MAIL FROM:<a@client.example> BODY=BINARYMIME
            S: 555 5.5.4 BODY=BINARYMIME is not supported
            C: MAIL FROM:<jörg@client.example>
            S: 553 5.6.7 Non-ASCII address requires the SMTPUTF8 parameter
            C: MAIL FROM:<jörg@client.example> SMTPUTF8
            S: 250 2.1.0 Ok
            C: RCPT TO:<>
            S: 501 5.1.3 Bad recipient address syntax
            C: RCPT TO:<user@example.org> NOTIFY=SOMETIMES
            S: 501 5.5.4 Bad parameter value
            C: DATA now
            S: 501 5.5.4 Syntax error: no arguments allowed
            C: QUIT
            S: 221 2.0.0 Bye
            """);
    }

    [Fact]
    public async Task TooManyRecipients_Get452()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync(("Limits:MaxRecipients", "2"));
        await session.PlayAsync("""
            C: HELO client.example
            S: 250 mx.test.example
            C: MAIL FROM:<a@client.example>
            S: 250 2.1.0 Ok
            C: RCPT TO:<one@example.org>
            S: 451 4.4.0 Error: the mail server is not reachable now; try again later
            C: RCPT TO:<two@example.org>
            S: 451 4.4.0 Error: the mail server is not reachable now; try again later
            C: RCPT TO:<three@example.org>
            S: 452 4.5.3 Error: too many recipients
            """);
    }

    [Fact]
    public async Task StartTls_IsRefusedWhenDisabledOrInsideATransaction()
    {
        await using (SessionHarness disabled = await SessionHarness.StartGreetedAsync(("Tls:Enabled", "false")))
        {
            await disabled.PlayAsync("""
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
                """);
        }

        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.PlayAsync("""
            C: HELO client.example
            S: 250 mx.test.example
            C: MAIL FROM:<a@client.example>
            S: 250 2.1.0 Ok
            C: STARTTLS
            S: 503 5.5.1 Error: MAIL transaction in progress
            C: RSET
            S: 250 2.0.0 Ok
            C: STARTTLS extra
            S: 501 5.5.4 Syntax error: no arguments allowed
            """);
    }

    [Fact]
    public async Task QuitInAPipelinedGroup_EndsTheSessionAndLaterCommandsAreIgnored()
    {
        await using SessionHarness session = await SessionHarness.StartGreetedAsync();
        await session.SendAsync("NOOP\r\nQUIT\r\nNOOP\r\n");
        Assert.Equal(250, (await session.ReadReplyAsync()).Code);
        Assert.Equal(221, (await session.ReadReplyAsync()).Code);
        await session.AssertClosedAsync();
    }
}
