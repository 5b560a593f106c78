using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using SmtpShield.Tarpit;
using SmtpShield.Tests.Fakes;

namespace SmtpShield.Tests.Tarpit;

/// <summary>
/// The one timer behind every stutter: each tick writes the next byte of every reply in it; a reply
/// ends at its limit, when its client is gone, or when interrupted; the timer runs only while needed.
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

    private static async Task<string> ReadAsync(PipeReader reader)
    {
        ReadResult read = await reader.ReadAsync();
        string text = Encoding.ASCII.GetString(read.Buffer.ToArray());
        reader.AdvanceTo(read.Buffer.End);
        return text;
    }
}
