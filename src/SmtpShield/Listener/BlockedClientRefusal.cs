using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using SmtpShield.Blocklist;
using SmtpShield.Protocol;
using SmtpShield.Sessions;
using SmtpShield.Verdicts;

namespace SmtpShield.Listener;

/// <summary>
/// A blocked client that still reached SmtpShield (driver "none", or the kernel not yet told): refused
/// before any check runs or any session state exists. Close answers 521 at once; Tarpit keeps it waiting
/// in silence first (one timer, no buffers), up to Blocklist:MaxTarpitted at a time.
/// </summary>
internal sealed partial class BlockedClientRefusal(
    ClientBlocklist blocklist, SessionReplies replies, BlocklistMetrics metrics, TimeProvider time, ILogger<BlockedClientRefusal> logger)
{
    private int _tarpitted;

    public async Task RefuseAsync(ISmtpConnection smtp, BlocklistEntry entry, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        ArgumentNullException.ThrowIfNull(entry);
        IPAddress client = ClientAddress.Normalize(smtp.RemoteEndPoint.Address);
        SmtpReply reply = VerdictReplies.Dropped(replies.Hostname, client, $"blocked: {entry.Reason}");
        bool tarpit = blocklist.Options.OnBlockedClient == BlockedClientAction.Tarpit && blocklist.Options.TarpitTime > TimeSpan.Zero
            && Interlocked.Increment(ref _tarpitted) <= blocklist.Options.MaxTarpitted;
        try
        {
            BlockedClientAction action = tarpit ? BlockedClientAction.Tarpit : BlockedClientAction.Close;
            metrics.Refused(action);
            LogRefused(client, smtp.RemoteEndPoint.Port, entry.Key.ToString(), action == BlockedClientAction.Tarpit ? "tarpit" : "close");
            if (tarpit)
            {
                if (!await WaitUnlessGoneAsync(smtp.Transport.Input, blocklist.Options.TarpitTime, aborted))
                {
                    return; // It gave up first.
                }
            }

            await SmtpConnectionHandler.SendAndCloseAsync(smtp, reply);
        }
        finally
        {
            if (blocklist.Options.OnBlockedClient == BlockedClientAction.Tarpit && blocklist.Options.TarpitTime > TimeSpan.Zero)
            {
                Interlocked.Decrement(ref _tarpitted);
            }
        }
    }

    /// <summary>
    /// Waits <paramref name="delay"/> in silence, reading (and dropping) whatever the client sends, so its
    /// leaving is seen at once; false when it left first or the server gave up waiting.
    /// </summary>
    private async Task<bool> WaitUnlessGoneAsync(PipeReader input, TimeSpan delay, CancellationToken aborted)
    {
        Task waited = Task.Delay(delay, time, aborted);
        Task<bool> gone = GoneAsync(input);
        if (await Task.WhenAny(waited, gone) == gone && await gone)
        {
            return false;
        }

        input.CancelPendingRead();
        await gone;
        return waited.IsCompletedSuccessfully;
    }

    // True when the client closed or reset; false when the read was cancelled (the wait is over).
    private static async Task<bool> GoneAsync(PipeReader input)
    {
        try
        {
            while (true)
            {
                ReadResult read = await input.ReadAsync();
                input.AdvanceTo(read.Buffer.End);
                if (read.IsCanceled)
                {
                    return false;
                }

                if (read.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return true;
        }
    }

    // postscreen's "NOQUEUE: reject: CONNECT" shape, so fail2ban-style filters count these too.
    [LoggerMessage(76, LogLevel.Information, "NOQUEUE: reject: CONNECT from [{Client}]:{Port}: blocked by {Network} ({Action})")]
    private partial void LogRefused(IPAddress client, int port, string network, string action);
}
