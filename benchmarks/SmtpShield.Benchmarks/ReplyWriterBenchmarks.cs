using System.Buffers;
using BenchmarkDotNet.Attributes;
using SmtpShield.Protocol;

namespace SmtpShield.Benchmarks;

/// <summary>
/// <see cref="SmtpReplyWriter"/> copying canned replies (encoded once at start-up) into an output buffer,
/// as the session does before its one flush per read. Target: 0 bytes allocated per reply.
/// </summary>
[MemoryDiagnoser]
public class ReplyWriterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly SmtpReply _ehloReply = SmtpReplies.EhloOk(
        "mx.example.org", ["PIPELINING", "SIZE 10240000", "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8", "STARTTLS", "CHUNKING"]);

    /// <summary>"250 2.0.0 Ok".</summary>
    [Benchmark]
    public int CannedOk()
    {
        _output.ResetWrittenCount();
        SmtpReplyWriter.Write(_output, SmtpReplies.Ok);
        return _output.WrittenCount;
    }

    /// <summary>The 8-line EHLO reply.</summary>
    [Benchmark]
    public int EhloReply()
    {
        _output.ResetWrittenCount();
        SmtpReplyWriter.Write(_output, _ehloReply);
        return _output.WrittenCount;
    }

    /// <summary>The replies to a pipelined MAIL, 3×RCPT, DATA group, time per reply.</summary>
    [Benchmark(OperationsPerInvoke = 5)]
    public int PipelinedReplies()
    {
        _output.ResetWrittenCount();
        SmtpReplyWriter.Write(_output, SmtpReplies.SenderOk);
        SmtpReplyWriter.Write(_output, SmtpReplies.BackendUnavailable);
        SmtpReplyWriter.Write(_output, SmtpReplies.BackendUnavailable);
        SmtpReplyWriter.Write(_output, SmtpReplies.BackendUnavailable);
        SmtpReplyWriter.Write(_output, SmtpReplies.NoValidRecipients);
        return _output.WrittenCount;
    }
}
