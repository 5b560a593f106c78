using System.Net;
using Microsoft.Extensions.Logging;
using SmtpShield.Blocklist;
using SmtpShield.Protocol;
using SmtpShield.Sessions;

namespace SmtpShield.Listener;

/// <summary>Each accepted SMTP connection (<see cref="SmtpSocketListener"/>): admission, then a session.</summary>
internal sealed partial class SmtpConnectionHandler(
    ConnectionAdmission admission,
    SmtpSessionFactory sessions,
    BlockedClientRefusal blocked,
    ClientLimits clientLimits,
    ClientBlocklist blocklist,
    ILogger<SmtpConnectionHandler> logger)
{
    /// <summary>Serves <paramref name="smtp"/> until its session ends; <paramref name="aborted"/> fires when a stop gave up waiting.</summary>
    public async Task HandleAsync(ISmtpConnection smtp, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        Admission admitted = admission.Admit(smtp.RemoteEndPoint.Address);
        switch (admitted.Result)
        {
            case AdmissionResult.Blocked:
                await blocked.RefuseAsync(smtp, admitted.Blocked!, aborted);
                return;
            case AdmissionResult.Admitted:
                break;
            default:
                await RefuseAsync(smtp, admitted.Result);
                return;
        }

        try
        {
            await sessions.Create(smtp).RunAsync(aborted);
        }
        finally
        {
            admission.Release(admitted);
        }
    }

    private async Task RefuseAsync(ISmtpConnection smtp, AdmissionResult reason)
    {
        IPAddress client = ClientAddress.Normalize(smtp.RemoteEndPoint.Address);
        SmtpReply reply = reason switch
        {
            AdmissionResult.ShuttingDown => sessions.Replies.ShuttingDown,
            AdmissionResult.TooManyFromClient => SmtpReplies.TooManyConnectionsFrom(sessions.Replies.Hostname, client.ToString()),
            AdmissionResult.TooFastFromClient => SmtpReplies.TooManyConnectionRateFrom(sessions.Replies.Hostname, client.ToString()),
            _ => sessions.Replies.TooManySessions,
        };
        LogRefused(logger, client, smtp.RemoteEndPoint.Port, reply.ToString());
        if (reason == AdmissionResult.TooFastFromClient && clientLimits.IsOffence(client))
        {
            // Hammering on past its limits: that is an offence, like a rejected session.
            blocklist.RecordOffence(client, BlockSource.Limits, "kept exceeding the connection limits");
        }

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
