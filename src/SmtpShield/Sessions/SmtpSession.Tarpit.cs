namespace SmtpShield.Sessions;

/// <summary>The tarpit's part of the read loop, between reading a batch and flushing its replies.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>
    /// Sends a stuttered reply (after the session let go of its input), then waits out an escalated error
    /// reply's delay (before the reply, as in Postfix). False when the client left during the stutter.
    /// </summary>
    private async ValueTask<bool> PaceRepliesAsync()
    {
        if (Context.TakeStutteredReply() is { } stuttered)
        {
            bool sent = await _shared.Pacer.StutterAsync(_transport.Output, stuttered.Wire, Context.PacingToken);
            Context.LeaveTarpit();
            if (!sent)
            {
                Context.Close(SessionEndReason.ClientDisconnected);
                return false;
            }
        }

        if (!Context.IsClosing && Context.PendingDelay > TimeSpan.Zero)
        {
            TimeSpan delay = Context.PendingDelay;
            Context.PendingDelay = TimeSpan.Zero;
            await Context.PauseAsync(delay);
            Context.LeaveTarpit();
        }

        return true;
    }
}
