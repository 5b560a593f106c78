using System.Buffers;
using BenchmarkDotNet.Attributes;
using SmtpShield.Protocol;

namespace SmtpShield.Benchmarks;

/// <summary>
/// One command line through <see cref="SmtpCommandReader.TryRead"/>: line split, verb, argument grammar.
/// Target (Foundation issue): under 100 ns and 0 bytes allocated per command. The pipelined group and the
/// split line report time per command (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class CommandReaderBenchmarks
{
    private const string Ehlo = "EHLO client.example.org\r\n";
    private const string Mail = "MAIL FROM:<sender@example.org> SIZE=1234 BODY=8BITMIME\r\n";
    private const string Rcpt = "RCPT TO:<user@example.net>\r\n";
    private const string Quit = "QUIT\r\n";

    // RFC 2920 §3.1: what a pipelining client sends in one packet after EHLO.
    private const string PipelinedGroup =
        Mail + Rcpt + "RCPT TO:<second@example.net>\r\n" + "RCPT TO:<third@example.net>\r\n" + "DATA\r\n";

    private SmtpCommandReader _reader = new(SmtpLineReader.DefaultMaxLineLength);
    private ReadOnlySequence<byte> _ehlo;
    private ReadOnlySequence<byte> _mail;
    private ReadOnlySequence<byte> _rcpt;
    private ReadOnlySequence<byte> _quit;
    private ReadOnlySequence<byte> _pipelined;
    private ReadOnlySequence<byte> _mailSplit;

    [GlobalSetup]
    public void Setup()
    {
        _ehlo = WireText.OneSegment(Ehlo);
        _mail = WireText.OneSegment(Mail);
        _rcpt = WireText.OneSegment(Rcpt);
        _quit = WireText.OneSegment(Quit);
        _pipelined = WireText.OneSegment(PipelinedGroup);
        // A read boundary inside the mailbox: the line is copied to the reader's scratch array.
        _mailSplit = WireText.TwoSegments(Mail, 20);

        // Measure the success path only: a typo in the wire text must fail here, not go unnoticed.
        Expect(_ehlo, SmtpVerb.Ehlo);
        Expect(_mail, SmtpVerb.Mail);
        Expect(_rcpt, SmtpVerb.Rcpt);
        Expect(_quit, SmtpVerb.Quit);
        Expect(_mailSplit, SmtpVerb.Mail);
        if (ReadAll(_pipelined) != 5)
        {
            throw new InvalidOperationException("The pipelined group must parse as 5 complete commands.");
        }
    }

    [Benchmark]
    public SmtpVerb EhloCommand() => ReadOne(_ehlo);

    [Benchmark]
    public SmtpVerb MailWithParameters() => ReadOne(_mail);

    [Benchmark]
    public SmtpVerb RcptCommand() => ReadOne(_rcpt);

    [Benchmark]
    public SmtpVerb QuitCommand() => ReadOne(_quit);

    [Benchmark(OperationsPerInvoke = 5)]
    public int PipelinedGroupOfFive() => ReadAll(_pipelined);

    /// <summary>MAIL split across two buffer segments, scratch released as the session does after each read.</summary>
    [Benchmark]
    public SmtpVerb MailSplitAcrossSegments()
    {
        SmtpVerb verb = ReadOne(_mailSplit);
        _reader.ReleaseScratch();
        return verb;
    }

    private SmtpVerb ReadOne(ReadOnlySequence<byte> wire)
    {
        var input = new SequenceReader<byte>(wire);
        ParseStatus status = _reader.TryRead(ref input, out SmtpCommand command);
        return status == ParseStatus.Complete ? command.Verb : SmtpVerb.Unknown;
    }

    private int ReadAll(ReadOnlySequence<byte> wire)
    {
        var input = new SequenceReader<byte>(wire);
        int complete = 0;
        while (_reader.TryRead(ref input, out _) == ParseStatus.Complete)
        {
            complete++;
        }

        return complete;
    }

    private void Expect(ReadOnlySequence<byte> wire, SmtpVerb verb)
    {
        SmtpVerb read = ReadOne(wire);
        _reader.ReleaseScratch();
        if (read != verb)
        {
            throw new InvalidOperationException($"Expected a complete {verb} command, read {read}.");
        }
    }
}
