using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using SmtpShield.Blocklist;
using SmtpShield.Protocol;
using SmtpShield.Sessions;
using SmtpShield.Verdicts;

namespace SmtpShield.Listener;

/// <summary>Kestrel's entry point for each SMTP connection: admission, then a session.</summary>
internal sealed partial class SmtpConnectionHandler(
    ConnectionAdmission admission,
    SmtpSessionFactory sessions,
    BlockedClientRefusal blocked,
    ILogger<SmtpConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var smtp = new KestrelSmtpConnection(connection);
        AdmissionResult admitted = admission.Admit(smtp.RemoteEndPoint.Address, out BlocklistEntry? entry);
        if (admitted == AdmissionResult.Blocked)
        {
            await blocked.RefuseAsync(smtp, entry!, connection.ConnectionClosed);
            return;
        }

        if (admitted != AdmissionResult.Admitted)
        {
            await RefuseAsync(smtp, admitted);
            return;
        }

        try
        {
            await sessions.Create(smtp).RunAsync(connection.ConnectionClosed);
        }
        finally
        {
            admission.Release();
        }
    }

    private async Task RefuseAsync(KestrelSmtpConnection smtp, AdmissionResult reason)
    {
        SmtpReply reply = reason == AdmissionResult.ShuttingDown ? sessions.Replies.ShuttingDown : sessions.Replies.TooManySessions;
        LogRefused(logger, smtp.RemoteEndPoint.Address, smtp.RemoteEndPoint.Port, reply.ToString());
        await SendAndCloseAsync(smtp, reply);
    }

    internal static async Task SendAndCloseAsync(ISmtpConnection smtp, SmtpReply reply)
    {
        try
        {
            SmtpReplyWriter.Write(smtp.Transport.Output, reply);
            await smtp.Transport.Output.FlushAsync();
            await smtp.Transport.Output.CompleteAsync();
        }
        catch (IOException)
        {
            // The client left before hearing why; nothing to do.
        }
    }

    // postscreen's wording, so existing log parsers count these.
    [LoggerMessage(10, LogLevel.Information, "NOQUEUE: reject: CONNECT from [{Client}]:{Port}: {Reply}")]
    private static partial void LogRefused(ILogger logger, IPAddress client, int port, string reply);
}
