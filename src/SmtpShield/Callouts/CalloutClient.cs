using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SmtpShield.Dns;
using SmtpShield.Hosting;
using SmtpShield.Protocol;

namespace SmtpShield.Callouts;

/// <summary>
/// Asks a sender's own mail server whether the sender's address exists: EHLO (HELO if refused),
/// MAIL FROM:&lt;&gt;, RCPT TO:&lt;sender&gt;, QUIT, never DATA. The MX hosts are tried most preferred
/// first, each address within Callouts:ConnectTimeout, the whole within Callouts:Deadline. A server
/// that cannot be reached, or does not answer the banner, passes to the next; the first that answers
/// RCPT TO decides. 4xx, timeouts and errors are <see cref="CalloutOutcome.Unknown"/>, never Rejected.
/// </summary>
internal sealed class CalloutClient(IDnsResolver resolver, IOptions<CalloutOptions> options, IOptions<ServerOptions> server, TimeProvider time)
{
    private readonly CalloutOptions _options = options.Value;
    private readonly HostBreakers _breakers = new(options.Value, time);
    private readonly string _helo = string.IsNullOrWhiteSpace(options.Value.HeloName) ? server.Value.ResolveHostname() : options.Value.HeloName;

    /// <summary>Verifies <paramref name="address"/> (local@domain); <paramref name="refuses"/> says why an endpoint must never be called (our own listeners), or null.</summary>
    public async Task<CalloutResult> VerifyAsync(string address, Func<IPEndPoint, string?>? refuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        int at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || !address.All(char.IsAscii) || address[at + 1] == '[')
        {
            // An address literal (user@[192.0.2.1]) has no MX to ask: nothing to go on, never a rejection.
            return CalloutResult.Unknown($"<{address}> is not an ASCII local@domain address a callout can ask about");
        }

        using var deadline = new CancellationTokenSource(_options.Deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            return await VerifyWithinDeadlineAsync(address, address[(at + 1)..], refuses, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return CalloutResult.Unknown($"no answer within the callout deadline of {_options.Deadline.TotalSeconds:0.#} s");
        }
    }

    private async Task<CalloutResult> VerifyWithinDeadlineAsync(string address, string domain, Func<IPEndPoint, string?>? refuses, CancellationToken cancellationToken)
    {
        (IReadOnlyList<MailExchanger> hosts, CalloutResult? decided) = await MailExchangers.ResolveAsync(resolver, domain, _options.MaxHosts, cancellationToken);
        if (decided is not null)
        {
            return decided;
        }

        CalloutResult? last = null;
        foreach (MailExchanger host in hosts)
        {
            foreach (IPAddress ip in host.Addresses.Take(_options.MaxAddressesPerHost))
            {
                var endpoint = new IPEndPoint(ip, _options.Port);
                if (refuses?.Invoke(endpoint) is { } why)
                {
                    last = CalloutResult.Unknown($"{host.Name} [{ip}] {why}; not called", host.Name);
                    continue;
                }

                (CalloutResult result, bool tryNext) = await _breakers.AskAsync(host.Name, token => AskAsync(host.Name, endpoint, address, token), cancellationToken);
                if (!tryNext)
                {
                    return result;
                }

                last = result;
            }
        }

        return last ?? CalloutResult.Unknown($"no mail server of {domain} could be asked");
    }

    /// <summary>One server's answer; tryNext when it never got as far as the transaction (unreachable, no banner).</summary>
    private async Task<(CalloutResult Result, bool TryNext)> AskAsync(string host, IPEndPoint endpoint, string address, CancellationToken cancellationToken)
    {
        string at = $"{host} [{endpoint.Address}]";
        CalloutConnection connection;
        try
        {
            connection = await CalloutConnection.ConnectAsync(endpoint, _options.ConnectTimeout, time, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return (CalloutResult.Unknown($"{at}: cannot connect: {e.Message}", host) with { HostFailed = true }, true);
        }

        await using (connection)
        {
            bool greeted = false;
            try
            {
                ParsedReply banner = await connection.CommandAsync(null, _options.ReplyTimeout, time, cancellationToken);
                if (banner.Code != 220)
                {
                    return (CalloutResult.Unknown($"{at}: greeted with {banner}", host), true);
                }

                greeted = true;

                ParsedReply hello = await connection.CommandAsync($"EHLO {_helo}", _options.ReplyTimeout, time, cancellationToken);
                if (hello.Code != 250)
                {
                    hello = await connection.CommandAsync($"HELO {_helo}", _options.ReplyTimeout, time, cancellationToken);
                }

                if (hello.Code != 250)
                {
                    return (CalloutResult.Unknown($"{at}: refused our HELO: {hello}", host), false);
                }

                ParsedReply mail = await connection.CommandAsync($"MAIL FROM:<{_options.ProbeSender}>", _options.ReplyTimeout, time, cancellationToken);
                if (mail.Code / 100 != 2)
                {
                    // RFC 5321 §4.5.5: the null reverse path must be accepted. One that is not says nothing of the sender.
                    bool refusesNull = mail.Code / 100 == 5 && _options.ProbeSender.Length == 0;
                    CalloutResult refused = CalloutResult.Unknown($"{at}: refused MAIL FROM:<{_options.ProbeSender}>: {mail}", host);
                    return (refused with { RefusesNullSender = refusesNull }, false);
                }

                ParsedReply rcpt = await connection.CommandAsync($"RCPT TO:<{address}>", _options.ReplyTimeout, time, cancellationToken);
                bool acceptsAny = rcpt.Code / 100 == 2 && _options.ProbeRandom && await AcceptsRandomAsync(connection, address, cancellationToken);
                await QuitAsync(connection, cancellationToken);
                CalloutResult result = (rcpt.Code / 100) switch
                {
                    2 => new CalloutResult(CalloutOutcome.Accepted, $"{at}: RCPT TO:<{address}>: {rcpt}", host) { AcceptsAnyRecipient = acceptsAny },
                    5 when SaysNoSuchMailbox(rcpt) => CalloutResult.Rejected($"{at}: RCPT TO:<{address}>: {rcpt}", host),
                    _ => CalloutResult.Unknown($"{at}: RCPT TO:<{address}>: {rcpt}", host),
                };
                return (result, false);
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or InvalidDataException)
            {
                // A server that never greets is as good as unreachable: the next MX is asked. Lost after
                // the greeting (a tarpitting or broken server), the callout ends with nothing to go on.
                return (CalloutResult.Unknown($"{at}: {e.Message}", host) with { HostFailed = true }, !greeted);
            }
        }
    }

    /// <summary>
    /// Only a refusal of the mailbox itself counts against the sender: 550, 551 or 553 with no enhanced
    /// code or a 5.1.x one (RFC 3463 "address status"). A 5.7.x (policy: our IP on the callee's DNSBL,
    /// say), 552 (RFC 5321 §4.5.3.1.10: temporary at RCPT) or 554 says nothing of the address.
    /// </summary>
    private static bool SaysNoSuchMailbox(ParsedReply reply)
    {
        if (reply.Code is not (550 or 551 or 553))
        {
            return false;
        }

        string text = reply.Lines.Count > 0 ? reply.Lines[0] : string.Empty;
        bool enhanced = text.Length >= 5 && char.IsAsciiDigit(text[0]) && text[1] == '.';
        return !enhanced || text.StartsWith("5.1.", StringComparison.Ordinal);
    }

    // A local part no real mailbox has: accepted, it says the domain takes anything (a catch-all).
    private async Task<bool> AcceptsRandomAsync(CalloutConnection connection, string address, CancellationToken cancellationToken)
    {
        string random = $"smtpshield-probe-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}{address[address.LastIndexOf('@')..]}";
        ParsedReply reply = await connection.CommandAsync($"RCPT TO:<{random}>", _options.ReplyTimeout, time, cancellationToken);
        return reply.Code / 100 == 2;
    }

    // The answer is in: a callee that stalls its 221 holds the callout no more than a few seconds.
    private static readonly TimeSpan s_quitTimeout = TimeSpan.FromSeconds(3);

    private async Task QuitAsync(CalloutConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.CommandAsync("QUIT", s_quitTimeout < _options.ReplyTimeout ? s_quitTimeout : _options.ReplyTimeout, time, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or InvalidDataException)
        {
            // The answer is in; a server that hangs up on QUIT changes nothing.
        }
    }
}
