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
        SmtpClientConnection connection;
        try
        {
            connection = await SmtpClientConnection.ConnectAsync(server, source, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new SmtpLoadException($"connect: {e.SocketErrorCode}", e);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new SmtpLoadException("connect: timeout", e);
        }

        using (connection)
        {
            return await ContinueAsync(connection, cancellationToken, message);
        }
    }

    /// <summary>The dialogue on a connection already open (the wave mode connects every client first); same result as <see cref="RunAsync"/>.</summary>
    public static async Task<int> ContinueAsync(SmtpClientConnection connection, CancellationToken cancellationToken, byte[]? message = null)
    {
        string step = "banner";
        try
        {
            Expect(await connection.ReadReplyAsync(cancellationToken), 220);
            step = "ehlo";
            await connection.SendAsync(s_ehlo, cancellationToken);
            Expect(await connection.ReadReplyAsync(cancellationToken), 250);
            step = "mail";
            await connection.SendAsync(s_mail, cancellationToken);
            await connection.ReadReplyAsync(cancellationToken);
            step = "rcpt";
            await connection.SendAsync(s_rcpt, cancellationToken);
            int rcpt = await connection.ReadReplyAsync(cancellationToken);
            if (message is not null)
            {
                Expect(rcpt, 250);
                step = "data";
                await connection.SendAsync(s_data, cancellationToken);
                Expect(await connection.ReadReplyAsync(cancellationToken), 354);
                step = "message";
                await connection.SendAsync(message, cancellationToken);
                Expect(await connection.ReadReplyAsync(cancellationToken), 250);
            }

            step = "quit";
            await connection.SendAsync(s_quit, cancellationToken);
            Expect(await connection.ReadReplyAsync(cancellationToken), 221);
            return rcpt;
        }
        catch (SmtpLoadException e)
        {
            throw new SmtpLoadException($"{step}: {e.Message}", e);
        }
        catch (SocketException e)
        {
            throw new SmtpLoadException($"{step}: {e.SocketErrorCode}", e);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new SmtpLoadException($"{step}: timeout", e);
        }
    }

    private static void Expect(int code, int expected)
    {
        if (code != expected)
        {
            throw new SmtpLoadException($"reply {code}");
        }
    }
}
