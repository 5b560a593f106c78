using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmtpLoad;

/// <summary>
/// One listed client of the spam wave, as a bot behaves: connect, banner, EHLO, MAIL, RCPT, then wait
/// however long the RCPT reply takes (a tarpit writes it a byte at a time), and then stay connected
/// without a word until the measurement ends. The state is read by other threads while it runs.
/// </summary>
internal sealed class ListedClient : IDisposable
{
    private SmtpClientConnection? _connection;
    private int _state = (int)ListedClientState.Opening;

    public ListedClientState State => (ListedClientState)Volatile.Read(ref _state);

    /// <summary>The RCPT reply's code once <see cref="State"/> has passed <see cref="ListedClientState.AwaitingReply"/> with a reply.</summary>
    public int ReplyCode { get; private set; }

    /// <summary>From RCPT sent to the reply's last line, in seconds.</summary>
    public double ReplySeconds { get; private set; }

    /// <summary>Why the client failed or was let go, as an error key ("connect: ConnectionRefused", "reply: server closed the connection").</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// Runs the client until <paramref name="hold"/> is cancelled (the measurement is over) or the server lets
    /// go. <paramref name="settled"/> is called exactly once: when RCPT has been sent, or when the client
    /// failed before it.
    /// </summary>
    public async Task RunAsync(SpamWaveOptions options, IPAddress source, SemaphoreSlim connectSlots, Action settled, CancellationToken hold)
    {
        bool atRcpt = false;
        try
        {
            atRcpt = await OpenAsync(options, source, connectSlots, hold);
            if (!atRcpt)
            {
                return;
            }

            settled();
            if (await ReadReplyAsync(options.ReplyTimeout, hold))
            {
                await HoldAsync(hold);
            }
        }
        catch (OperationCanceledException) when (hold.IsCancellationRequested)
        {
            // The measurement ended first: the client stays in the state it reached.
        }
        finally
        {
            if (!atRcpt)
            {
                settled();
            }
        }
    }

    public void Dispose() => _connection?.Dispose();

    /// <summary>Connect (at most OpenParallel at once) and send the envelope; false when the client failed on the way.</summary>
    private async Task<bool> OpenAsync(SpamWaveOptions options, IPAddress source, SemaphoreSlim connectSlots, CancellationToken hold)
    {
        using var steps = CancellationTokenSource.CreateLinkedTokenSource(hold);
        try
        {
            await connectSlots.WaitAsync(hold);
            try
            {
                // The step timeout starts once a slot is free: waiting for one is the wave's pacing, not the server's.
                steps.CancelAfter(options.SessionTimeout);
                _connection = await SessionDialogue.ConnectAsync(options.Server, source, steps.Token);
            }
            finally
            {
                connectSlots.Release();
            }

            await SessionDialogue.SendEnvelopeAsync(_connection, steps.Token);
            Volatile.Write(ref _state, (int)ListedClientState.AwaitingReply);
            return true;
        }
        catch (SmtpLoadException e)
        {
            // A step cut short because the measurement ended is no failure: the client stays Opening.
            if (!hold.IsCancellationRequested)
            {
                Leave(ListedClientState.Failed, e.Message);
            }

            return false;
        }
    }

    /// <summary>Reads the RCPT reply, however slowly it comes; true when it came and the connection is to be held.</summary>
    private async Task<bool> ReadReplyAsync(TimeSpan timeout, CancellationToken hold)
    {
        long sent = Stopwatch.GetTimestamp();
        using var reply = CancellationTokenSource.CreateLinkedTokenSource(hold);
        reply.CancelAfter(timeout);
        try
        {
            ReplyCode = await _connection!.ReadReplyAsync(reply.Token);
            ReplySeconds = Stopwatch.GetElapsedTime(sent).TotalSeconds;
            Volatile.Write(ref _state, (int)ListedClientState.Replied);
            return true;
        }
        catch (Exception e) when (e is SmtpLoadException or SocketException)
        {
            Leave(ListedClientState.ClosedBeforeReply, $"reply: {Describe(e)}");
            return false;
        }
        catch (OperationCanceledException) when (!hold.IsCancellationRequested)
        {
            Leave(ListedClientState.ReplyTimedOut, "reply: timeout");
            return false;
        }
    }

    /// <summary>Stays connected and silent; a read that ends before the measurement does means the server closed or spoke again.</summary>
    private async Task HoldAsync(CancellationToken hold)
    {
        try
        {
            int code = await _connection!.ReadReplyAsync(hold);
            Leave(ListedClientState.ClosedAfterReply, $"held: reply {code}");
        }
        catch (Exception e) when (e is SmtpLoadException or SocketException)
        {
            Leave(ListedClientState.ClosedAfterReply, $"held: {Describe(e)}");
        }
    }

    private void Leave(ListedClientState state, string error)
    {
        Error = error;
        Volatile.Write(ref _state, (int)state);
    }

    private static string Describe(Exception e) => e is SocketException socket ? socket.SocketErrorCode.ToString() : e.Message;
}
