using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmtpLoad;

/// <summary>
/// One short session the way a rejected or deferred sender sees it: connect, banner, EHLO, MAIL, RCPT,
/// QUIT, 221, close. MAIL and RCPT may get any reply (451 while the backend is unreachable, 554 to a
/// client the checks reject); the banner must be 220, EHLO 250 and QUIT 221. With a message, the
/// session is a delivery: RCPT must get 250, DATA 354, the message 250.
/// </summary>
internal static class SessionDialogue
{
    private static readonly byte[] s_ehlo = Encoding.ASCII.GetBytes("EHLO load.client.test\r\n");
    private static readonly byte[] s_mail = Encoding.ASCII.GetBytes("MAIL FROM:<load@client.test>\r\n");
    private static readonly byte[] s_rcpt = Encoding.ASCII.GetBytes("RCPT TO:<user@bench.test>\r\n");
    private static readonly byte[] s_quit = Encoding.ASCII.GetBytes("QUIT\r\n");
    private static readonly byte[] s_data = Encoding.ASCII.GetBytes("DATA\r\n");

    /// <summary>A message of about <paramref name="size"/> octets: a few headers, 76-character lines, then CRLF.CRLF.</summary>
    public static byte[] Message(int size)
    {
        var text = new StringBuilder("From: load@client.test\r\nTo: user@bench.test\r\nSubject: load\r\n\r\n");
        while (text.Length < size - 5)
        {
            text.Append(new string('x', Math.Min(76, Math.Max(1, size - 7 - text.Length)))).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append(".\r\n").ToString());
    }

    /// <summary>Runs the dialogue; returns the RCPT reply code or throws <see cref="SmtpLoadException"/> naming the step that failed.</summary>
    public static async Task<int> RunAsync(IPEndPoint server, IPAddress source, CancellationToken cancellationToken, byte[]? message = null)
    {
        using SmtpClientConnection connection = await ConnectAsync(server, source, cancellationToken);
        return await ContinueAsync(connection, cancellationToken, message);
    }

    /// <summary>Connects from <paramref name="source"/>; a refused or timed-out connect is a <see cref="SmtpLoadException"/> ("connect: ConnectionRefused").</summary>
    public static async Task<SmtpClientConnection> ConnectAsync(IPEndPoint server, IPAddress source, CancellationToken cancellationToken)
    {
        try
        {
            return await SmtpClientConnection.ConnectAsync(server, source, cancellationToken);
        }
        catch (Exception e) when (IsSessionFailure(e, cancellationToken))
        {
            throw StepFailed("connect", e);
        }
    }

    /// <summary>The dialogue on a connection already open (the wave mode connects every client first); same result as <see cref="RunAsync"/>.</summary>
    public static async Task<int> ContinueAsync(SmtpClientConnection connection, CancellationToken cancellationToken, byte[]? message = null)
    {
        await SendEnvelopeAsync(connection, cancellationToken);
        string step = "rcpt";
        try
        {
            int rcpt = await connection.ReadReplyAsync(cancellationToken);
            if (message is not null)
            {
                Expect(rcpt, 250);
                step = "data";
                Expect(await CommandAsync(connection, s_data, cancellationToken), 354);
                step = "message";
                Expect(await CommandAsync(connection, message, cancellationToken), 250);
            }

            step = "quit";
            Expect(await CommandAsync(connection, s_quit, cancellationToken), 221);
            return rcpt;
        }
        catch (Exception e) when (IsSessionFailure(e, cancellationToken))
        {
            throw StepFailed(step, e);
        }
    }

    /// <summary>
    /// Banner, EHLO, MAIL, and RCPT sent but its reply not read: where a sender waits for the verdict
    /// (the spam wave's listed clients stop here). Throws <see cref="SmtpLoadException"/> naming the step.
    /// </summary>
    public static async Task SendEnvelopeAsync(SmtpClientConnection connection, CancellationToken cancellationToken)
    {
        string step = "banner";
        try
        {
            Expect(await connection.ReadReplyAsync(cancellationToken), 220);
            step = "ehlo";
            Expect(await CommandAsync(connection, s_ehlo, cancellationToken), 250);
            step = "mail";
            await CommandAsync(connection, s_mail, cancellationToken);
            step = "rcpt";
            await connection.SendAsync(s_rcpt, cancellationToken);
        }
        catch (Exception e) when (IsSessionFailure(e, cancellationToken))
        {
            throw StepFailed(step, e);
        }
    }

    /// <summary>Sends one command (or the message) and returns the code of the reply to it.</summary>
    private static async ValueTask<int> CommandAsync(SmtpClientConnection connection, byte[] command, CancellationToken cancellationToken)
    {
        await connection.SendAsync(command, cancellationToken);
        return await connection.ReadReplyAsync(cancellationToken);
    }

    /// <summary>What counts as a failed session rather than a bug: a bad or missing reply, a socket error, or this session's own timeout.</summary>
    private static bool IsSessionFailure(Exception e, CancellationToken cancellationToken) =>
        e is SmtpLoadException or SocketException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>The error key: the step, then the reply, the socket error or "timeout" ("rcpt: reply 451", "connect: ConnectionRefused").</summary>
    private static SmtpLoadException StepFailed(string step, Exception e) => new(
        e switch
        {
            SocketException socket => $"{step}: {socket.SocketErrorCode}",
            OperationCanceledException => $"{step}: timeout",
            _ => $"{step}: {e.Message}",
        },
        e);

    private static void Expect(int code, int expected)
    {
        if (code != expected)
        {
            throw new SmtpLoadException($"reply {code}");
        }
    }
}
