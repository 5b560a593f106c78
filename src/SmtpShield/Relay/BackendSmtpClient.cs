using System.Text;
using SmtpShield.Protocol;
using SmtpShield.Relay.Identity;

namespace SmtpShield.Relay;

/// <summary>
/// The client side of the handoff (shared/INTEGRATION.md §1.7): connect, pass the client's identity,
/// greet, optionally STARTTLS. XCLIENT: EHLO as SmtpShield, one XCLIENT with only the advertised
/// attributes, require 220, then greet as the client. PROXY: the header before any other byte. None:
/// connect from the configured untrusted source address. Every wait is bounded by Relay:ReplyTimeout.
/// </summary>
internal sealed class BackendSmtpClient(string hostname, TimeSpan replyTimeout, TimeProvider time)
{
    /// <summary>
    /// Opens a session on <paramref name="target"/> for <paramref name="identity"/>. With a HELO in the
    /// identity it ends greeted as the client, ready for MAIL; without one (fast path) it ends as soon
    /// as the client can take over the dialogue.
    /// </summary>
    public async Task<BackendGreeting> OpenAsync(BackendTarget target, ClientIdentity identity, CancellationToken cancellationToken)
    {
        BackendConnection connection = await target.Connect.ExecuteAsync(
            async token => await BackendConnection.ConnectAsync(target, token), cancellationToken);
        try
        {
            return await GreetAsync(connection, target, identity, cancellationToken);
        }
        catch
        {
            connection.Abort();
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The capability probe: greet as SmtpShield and read the EHLO list, then QUIT. A PROXY backend
    /// insists on a header, so it gets SmtpShield's own connection as the truth (no client involved).
    /// </summary>
    public async Task<BackendCapabilities> ProbeAsync(BackendTarget target, CancellationToken cancellationToken)
    {
        await using BackendConnection connection = await target.Connect.ExecuteAsync(
            async token => await BackendConnection.ConnectAsync(target, token), cancellationToken);
        if (target.Identity is BackendIdentity.ProxyV1 or BackendIdentity.ProxyV2
            && connection.LocalEndPoint is System.Net.IPEndPoint local && target.EndPoint is System.Net.IPEndPoint remote)
        {
            await connection.SendAsync(target.Identity == BackendIdentity.ProxyV1 ? ProxyHeader.V1(local, remote) : ProxyHeader.V2(local, remote), cancellationToken);
        }

        await ExpectAsync(connection, default, "the banner", 220, cancellationToken);
        ParsedReply ehlo = await ExpectAsync(connection, Line($"EHLO {hostname}"), "EHLO", 250, cancellationToken);
        await QuitAsync(connection);
        return BackendCapabilities.FromEhlo(ehlo);
    }

    /// <summary>Sends one command and reads its reply within Relay:ReplyTimeout.</summary>
    public async Task<ParsedReply> CommandAsync(BackendConnection connection, ReadOnlyMemory<byte> command, string what, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(replyTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            if (!command.IsEmpty)
            {
                await connection.SendAsync(command, linked.Token);
            }

            return await connection.ReadReplyAsync(linked.Token);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new BackendException($"connection lost sending {what}", e);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BackendException($"no reply to {what} within {replyTimeout.TotalSeconds:0.#} s") { IsTimeout = true };
        }
        catch (IOException e)
        {
            throw new BackendException($"connection lost waiting for the reply to {what}", e);
        }
    }

    /// <summary>QUIT, best effort, so the backend logs a clean end rather than a lost connection.</summary>
    public async Task QuitAsync(BackendConnection connection)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            await connection.SendAsync("QUIT\r\n"u8.ToArray(), deadline.Token);
            await connection.ReadReplyAsync(deadline.Token);
        }
        catch (Exception e) when (e is BackendException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private async Task<BackendGreeting> GreetAsync(BackendConnection connection, BackendTarget target, ClientIdentity identity, CancellationToken cancellationToken)
    {
        bool fastPath = identity.Helo is null;
        switch (target.Identity)
        {
            case BackendIdentity.ProxyV1:
                await connection.SendAsync(ProxyHeader.V1(identity.Client, identity.Local), cancellationToken);
                break;
            case BackendIdentity.ProxyV2:
                await connection.SendAsync(ProxyHeader.V2(identity.Client, identity.Local), cancellationToken);
                break;
        }

        if (fastPath && target.Identity != BackendIdentity.Xclient && !target.StartTls)
        {
            // The backend's banner is the client's: nothing to read first.
            return new BackendGreeting(connection, null, null);
        }

        ParsedReply banner = await ExpectAsync(connection, default, "the banner", 220, cancellationToken);

        // XCLIENT is sent by SmtpShield under its own name; otherwise the backend may as well hear the client's.
        bool ownName = target.Identity == BackendIdentity.Xclient || fastPath;
        string ehloName = ownName ? hostname : identity.Helo!;
        ParsedReply ehlo = await ExpectAsync(connection, Line($"EHLO {ehloName}"), "EHLO", 250, cancellationToken, clientCaused: !ownName);
        var capabilities = BackendCapabilities.FromEhlo(ehlo);
        if (target.StartTls && capabilities.Has("STARTTLS"))
        {
            await ExpectAsync(connection, Line("STARTTLS"), "STARTTLS", 220, cancellationToken);
            await UpgradeAsync(connection, target, cancellationToken);
            ehlo = await ExpectAsync(connection, Line($"EHLO {ehloName}"), "EHLO after STARTTLS", 250, cancellationToken, clientCaused: !ownName);
            capabilities = BackendCapabilities.FromEhlo(ehlo);
        }

        if (target.Identity == BackendIdentity.Xclient)
        {
            string xclient = XclientCommand.Build(identity, capabilities.XclientAttributes)
                ?? throw new BackendException("the backend does not offer XCLIENT with NAME and ADDR (is SmtpShield's address in smtpd_authorized_xclient_hosts?)");

            // Anything but 220 would leave the session running as SmtpShield, which the backend trusts. A 501
            // is about a value (the client's HELO, an IPv6 ADDR the backend cannot take): the client's problem.
            banner = await ExpectAsync(connection, Encoding.UTF8.GetBytes(xclient), "XCLIENT", 220, cancellationToken, clientCaused: null);
        }

        if (fastPath)
        {
            return new BackendGreeting(connection, capabilities, banner);
        }

        if (target.Identity == BackendIdentity.Xclient || !identity.Esmtp)
        {
            string verb = identity.Esmtp ? "EHLO" : "HELO";
            ParsedReply greeted = await ExpectAsync(connection, Line($"{verb} {identity.Helo}"), verb, 250, cancellationToken, clientCaused: true);
            if (identity.Esmtp)
            {
                capabilities = BackendCapabilities.FromEhlo(greeted);
            }
        }

        return new BackendGreeting(connection, capabilities, null);
    }

    // clientCaused: true when a refusal can only be about the client's data; null for XCLIENT, where a
    // 501 (a bad value) is and anything else (550: not authorised) is not.
    private async Task<ParsedReply> ExpectAsync(
        BackendConnection connection, ReadOnlyMemory<byte> command, string what, int code, CancellationToken cancellationToken, bool? clientCaused = false)
    {
        ParsedReply reply = await CommandAsync(connection, command, what, cancellationToken);
        if (reply.Code != code)
        {
            if (reply.Code != 421)
            {
                await QuitAsync(connection);
            }

            bool client = reply.Code != 421 && (clientCaused ?? reply.Code == 501);
            throw new BackendException($"{what} answered", reply) { IsClientCaused = client, ForwardReply = client && clientCaused == true };
        }

        return reply;
    }

    private async Task UpgradeAsync(BackendConnection connection, BackendTarget target, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(replyTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        string host = target.EndPoint is System.Net.IPEndPoint ip ? ip.Address.ToString() : "localhost";
        try
        {
            await connection.UpgradeToTlsAsync(host, target.VerifyCertificate, linked.Token);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException or OperationCanceledException)
        {
            throw new BackendException("TLS handshake with the backend failed", e) { IsTimeout = deadline.IsCancellationRequested };
        }
    }

    // Client-supplied text goes on the line: strip anything that could end it early.
    private static byte[] Line(string command) =>
        Encoding.UTF8.GetBytes(command.Replace('\r', ' ').Replace('\n', ' ') + "\r\n");
}
