using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmtpLoad;

/// <summary>
/// One short session the way a rejected or deferred sender sees it: connect, banner, EHLO, MAIL, RCPT,
/// QUIT, 221, close. MAIL and RCPT may get any reply (SmtpShield answers RCPT with 451 until relaying
/// exists, and 554 to a client its checks reject); the banner must be 220, EHLO 250 and QUIT 221.
/// </summary>
internal static class SessionDialogue
{
    private static readonly byte[] s_ehlo = Encoding.ASCII.GetBytes("EHLO load.client.test\r\n");
    private static readonly byte[] s_mail = Encoding.ASCII.GetBytes("MAIL FROM:<load@client.test>\r\n");
    private static readonly byte[] s_rcpt = Encoding.ASCII.GetBytes("RCPT TO:<user@bench.test>\r\n");
    private static readonly byte[] s_quit = Encoding.ASCII.GetBytes("QUIT\r\n");

    /// <summary>Runs the dialogue; returns the RCPT reply code or throws <see cref="SmtpLoadException"/> naming the step that failed.</summary>
    public static async Task<int> RunAsync(IPEndPoint server, IPAddress source, CancellationToken cancellationToken)
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
            return await ContinueAsync(connection, cancellationToken);
        }
    }

    /// <summary>The dialogue on a connection already open (the wave mode connects every client first); same result as <see cref="RunAsync"/>.</summary>
    public static async Task<int> ContinueAsync(SmtpClientConnection connection, CancellationToken cancellationToken)
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
