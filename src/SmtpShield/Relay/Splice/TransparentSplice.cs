using System.IO.Pipelines;

namespace SmtpShield.Relay.Splice;

/// <summary>
/// Both directions copied as they are until either side ends (XCLIENT and PROXY modes): the backend
/// alone interprets DATA, so the two of us can never disagree about end-of-data. The client's end of
/// stream is passed on as a half-close; the backend's ends the session.
/// </summary>
internal static class TransparentSplice
{
    public static async Task<SpliceOutcome> RunAsync(IDuplexPipe client, BackendConnection backend, SpliceActivity activity)
    {
        Task<bool> up = Pump.CopyAsync(client.Input, backend.Output, activity.ClientSent);
        Task<bool> down = Pump.CopyAsync(backend.Input, client.Output, activity.BackendSent);
        if (await Task.WhenAny(up, down) == up)
        {
            SpliceOutcome outcome = await Outcome(up, SpliceOutcome.ClientClosed, SpliceOutcome.ClientFailed);
            if (outcome == SpliceOutcome.ClientClosed)
            {
                // Half-close: the backend answers what it has (QUIT's 221) and closes; the heartbeat bounds the wait.
                backend.ShutdownSend();
            }
            else
            {
                backend.Abort();
            }

            await Outcome(down, SpliceOutcome.BackendClosed, SpliceOutcome.BackendFailed);
            return outcome;
        }

        SpliceOutcome backendOutcome = await Outcome(down, SpliceOutcome.BackendClosed, SpliceOutcome.BackendFailed);
        client.Input.CancelPendingRead();
        await Outcome(up, SpliceOutcome.ClientClosed, SpliceOutcome.ClientFailed);
        return backendOutcome;
    }

    internal static async Task<SpliceOutcome> Outcome(Task<bool> pump, SpliceOutcome ended, SpliceOutcome failed)
    {
        try
        {
            return await pump ? ended : SpliceOutcome.Interrupted;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException
            or System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            return failed;
        }
    }
}
