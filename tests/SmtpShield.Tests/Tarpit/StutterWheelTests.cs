using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using SmtpShield.Tarpit;
using SmtpShield.Tests.Fakes;

namespace SmtpShield.Tests.Tarpit;

/// <summary>
/// The one timer behind every stutter: each interval it writes the next byte of every reply in it, spread
/// over the interval; a reply ends at its limit, when its client is gone, or when interrupted; the timer
/// runs only while needed.
/// </summary>
public sealed class StutterWheelTests
{
    private static readonly ReadOnlyMemory<byte> s_reply = Encoding.ASCII.GetBytes("554 no\r\n");

    [Fact]
    public async Task EachTick_WritesOneByteOfEveryReply()
    {
        var clock = new ManualTimeProvider();
        using var wheel = new StutterWheel(clock, TimeSpan.FromSeconds(1));
        var first = new Pipe();
        var second = new Pipe();
        Task<bool> a = wheel.RunAsync(new StutterJob(first.Writer, s_reply, limit: 4, written: 0));
        Task<bool> b = wheel.RunAsync(new StutterJob(second.Writer, s_reply, limit: 4, written: 0));

        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("55", await ReadAsync(first.Reader));
        Assert.Equal("55", await ReadAsync(second.Reader));
        Assert.False(a.IsCompleted || b.IsCompleted);
        Assert.Equal(2, wheel.Count);
    }

    [Fact]
    public async Task RepliesJoiningTogether_AreSteppedSpreadOverTheInterval_EachOnceAnInterval()
    {
        // Each stuttered byte borrows a socket buffer until it is sent: a whole wave in one tick borrowed
        // one per session at once.
        var clock = new ManualTimeProvider();
        using var wheel = new StutterWheel(clock, TimeSpan.FromSeconds(1));
        Pipe[] pipes = [.. Enumerable.Range(0, 40).Select(_ => new Pipe())];
        foreach (Pipe pipe in pipes)
        {
            _ = wheel.RunAsync(new StutterJob(pipe.Writer, s_reply, limit: 8, written: 0));
        }

        clock.Advance(TimeSpan.FromMilliseconds(50));
        int steppedFirst = pipes.Count(p => p.Reader.TryRead(out ReadResult read) && Consume(p.Reader, read) == 1);
        clock.Advance(TimeSpan.FromMilliseconds(950));
        int[] afterAnInterval = [.. pipes.Select(p => p.Reader.TryRead(out ReadResult read) ? Consume(p.Reader, read) : 0)];

        Assert.Equal(2, steppedFirst); // 40 replies over 20 slots of 50 ms
        Assert.Equal(40 - steppedFirst, afterAnInterval.Count(n => n == 1));
        Assert.Equal(steppedFirst, afterAnInterval.Count(n => n == 0));
    }

    [Fact]
    public async Task ReplyAtItsLimit_IsDone_AndTheTimerStopsWhenNoneIsLeft()
    {
        var clock = new ManualTimeProvider();
        using var wheel = new StutterWheel(clock, TimeSpan.FromSeconds(1));
        var pipe = new Pipe();
        var job = new StutterJob(pipe.Writer, s_reply, limit: 2, written: 0);
        Task<bool> done = wheel.RunAsync(job);

        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await done);
        Assert.Equal(2, job.Written);
        Assert.Equal(0, wheel.Count);
        await pipe.Writer.FlushAsync(); // the last byte is the caller's to flush
        Assert.Equal("55", await ReadAsync(pipe.Reader));
    }

    [Fact]
    public async Task ClientGone_EndsTheReplyWithFalse()
    {
        var clock = new ManualTimeProvider();
        using var wheel = new StutterWheel(clock, TimeSpan.FromSeconds(1));
        var pipe = new Pipe();
        Task<bool> done = wheel.RunAsync(new StutterJob(pipe.Writer, s_reply, limit: 8, written: 0));
        await pipe.Reader.CompleteAsync();

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await done);
    }

    [Fact]
    public async Task Interrupt_EndsTheReplyAtOnce()
    {
        var clock = new ManualTimeProvider();
        using var wheel = new StutterWheel(clock, TimeSpan.FromSeconds(1));
        var pipe = new Pipe();
        var job = new StutterJob(pipe.Writer, s_reply, limit: 8, written: 0);
        Task<bool> done = wheel.RunAsync(job);
        clock.Advance(TimeSpan.FromSeconds(1));

        job.Interrupt();

        Assert.True(await done);
        Assert.Equal(1, job.Written);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, job.Written);
    }

    private static int Consume(PipeReader reader, ReadResult read)
    {
        int length = (int)read.Buffer.Length;
        reader.AdvanceTo(read.Buffer.End);
        return length;
    }

    private static async Task<string> ReadAsync(PipeReader reader)
    {
        ReadResult read = await reader.ReadAsync();
        string text = Encoding.ASCII.GetString(read.Buffer.ToArray());
        reader.AdvanceTo(read.Buffer.End);
        return text;
    }
}
