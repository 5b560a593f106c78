using System.IO.Pipelines;
using SmtpShield.Checks.Pregreet;
using SmtpShield.Verdicts;

namespace SmtpShield.Sessions;

/// <summary>The banner, and the pre-greet test before it (postscreen's early-talker test).</summary>
internal sealed partial class SmtpSession
{
    private async Task GreetAsync(CancellationToken cancellationToken)
    {
        PregreetTest pregreet = _shared.Pregreet;
        PipeReader input = _transport.Input;
        long early;
        if (pregreet.Options.Wait > TimeSpan.Zero && !Context.Checks.IsTrustedAtConnect)
        {
            if (pregreet.Options.Teaser)
            {
                Context.Reply(_shared.Replies.GreetingTeaser);
                await _transport.Output.FlushAsync(cancellationToken);
            }

            early = await WaitForSilenceAsync(input, pregreet.Options.Wait);
            if (IsInterrupted && !IsDropWithdrawn(out Verdict? drop))
            {
                // Shutting down or dropped: no greeting, but a teaser's reply must be completed first
                // (RFC 5321 §4.2.1: one reply, one code). A shutdown's 421 is the read loop's.
                if (pregreet.Options.Teaser)
                {
                    Context.Reply(_shared.Replies.Greeting);
                }

                if (drop is not null)
                {
                    Drop(drop);
                }

                return;
            }
        }
        else
        {
            // No wait: only a client whose bytes are here before the banner is caught.
            early = input.TryRead(out ReadResult ready) ? Peek(input, ready) : 0;
        }

        if (early > 0)
        {
            pregreet.Failed(Context.Checks, Context.Client.Address, Context.Client.Port, early, Age);
        }

        Context.Reply(_shared.Replies.Greeting);
    }

    /// <summary>
    /// For an interrupt during the greet wait: true when it was a drop that an allowlisting result outranks
    /// (the wait ends, as an allowlisted client's would, and the client is greeted like any other); false
    /// otherwise, with the drop's verdict when the drop stands.
    /// </summary>
    private bool IsDropWithdrawn(out Verdict? drop)
    {
        drop = null;
        if (Volatile.Read(ref _interruptReason) != (int)SessionEndReason.Dropped)
        {
            return false;
        }

        if (DropStands(out Verdict standing))
        {
            drop = standing;
            return false;
        }

        return !IsInterrupted;
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the client to send anything, consuming nothing: what it sent
    /// is read as commands after the banner. The deadline cancels this one read only (a token, not
    /// CancelPendingRead, which would linger for a later read if it fired late); an interrupt still ends it.
    /// </summary>
    private async Task<long> WaitForSilenceAsync(PipeReader input, TimeSpan wait)
    {
        using var deadline = new CancellationTokenSource(wait, _shared.Time);
        try
        {
            ReadResult result = await input.ReadAsync(deadline.Token);
            return Peek(input, result);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Silent for the whole wait; anything that arrived just now is seen by the first read after the banner.
            return 0;
        }
    }

    private static long Peek(PipeReader input, ReadResult result)
    {
        long length = result.Buffer.Length;
        input.AdvanceTo(result.Buffer.Start);
        return result.IsCompleted && length == 0 ? 0 : length;
    }
}
