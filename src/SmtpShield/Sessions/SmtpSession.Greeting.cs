using System.IO.Pipelines;
using SmtpShield.Checks.Pregreet;

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
            if (IsInterrupted)
            {
                return; // shutting down or dropped: the read loop says goodbye instead of greeting
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
    /// Waits up to <paramref name="wait"/> for the client to send anything, consuming nothing: what it sent
    /// is read as commands after the banner. One timer, and the read that idle sessions do anyway.
    /// </summary>
    private async Task<long> WaitForSilenceAsync(PipeReader input, TimeSpan wait)
    {
        using ITimer timer = _shared.Time.CreateTimer(static state => ((PipeReader)state!).CancelPendingRead(), input, wait, Timeout.InfiniteTimeSpan);
        ReadResult result = await input.ReadAsync(CancellationToken.None);
        return result.IsCanceled ? 0 : Peek(input, result);
    }

    private static long Peek(PipeReader input, ReadResult result)
    {
        long length = result.Buffer.Length;
        input.AdvanceTo(result.Buffer.Start);
        return result.IsCompleted && length == 0 ? 0 : length;
    }
}
