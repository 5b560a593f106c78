using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using SmtpShield.Protocol;

namespace SmtpShield.Relay.Splice;

/// <summary>
/// The splice for Identity "none" (Courier 1.0.16): the backend cannot learn the client, so SmtpShield
/// follows the dialogue just enough to add a Received: line after each 354 (shared/INTEGRATION.md §1.5).
/// Commands and replies are still forwarded as they are, in order, except that the backend's EHLO list
/// loses the extensions that would take the stream out of sight (STARTTLS, CHUNKING) or that the
/// Internet must never see (XCLIENT, XFORWARD, PIPECONNECT), and message data is line-normalised
/// (<see cref="DataLineNormalizer"/>) so the end-of-data SmtpShield sees is the one the backend sees.
/// </summary>
internal sealed class FollowingSplice
{
    private const int MaxRememberedLine = 300;

    // Postfix's line_length_limit; a longer command is no command any backend takes.
    private const int MaxCommandLength = 2048;

    private static readonly HashSet<string> s_hiddenKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        // AUTH too: the backend would see every attempt as coming from SmtpShield's one address.
        "STARTTLS", "CHUNKING", "BINARYMIME", "PIPECONNECT", "XCLIENT", "XFORWARD", "XEXDATA", "XVERP", "XSECURITY", "AUTH",
    };

    private readonly IDuplexPipe _client;
    private readonly BackendConnection _backend;
    private readonly SpliceActivity _activity;
    private readonly TraceContext _trace;
    private readonly ConcurrentQueue<ReplyKind> _expected = new();
    private readonly DataLineNormalizer _normalizer = new();
    private readonly byte[] _line = new byte[MaxRememberedLine];
    private bool _inBody;
    private ReplyKind _awaiting;
    private volatile TaskCompletionSource<int>? _dataReply;

    public FollowingSplice(IDuplexPipe client, BackendConnection backend, SpliceActivity activity, TraceContext trace, bool bannerPending)
    {
        _client = client;
        _backend = backend;
        _activity = activity;
        _trace = trace;
        if (bannerPending)
        {
            _expected.Enqueue(ReplyKind.Other);
        }
    }

    private enum ReplyKind : byte
    {
        Other,
        Ehlo,
        Data,
        Message,
        StartTls,
    }

    /// <summary>Messages given a trace header so far.</summary>
    public int Messages { get; private set; }

    /// <summary>Bare CR/LF line ends normalised so far, over all messages.</summary>
    public int BareLineEnds { get; private set; }

    /// <summary>Set when the backend's replies no longer match the commands (STARTTLS accepted, a reply nobody asked for).</summary>
    public bool LostTrack { get; private set; }

    /// <summary>Why the client's stream could not be followed, when it could not: the session ends.</summary>
    public string? Violation { get; private set; }

    public async Task<SpliceOutcome> RunAsync()
    {
        Task<bool> up = ClientToBackendAsync();
        Task<bool> down = BackendToClientAsync();
        if (await Task.WhenAny(up, down) == up)
        {
            SpliceOutcome outcome = Violation is not null ? SpliceOutcome.ProtocolViolation
                : await TransparentSplice.Outcome(up, SpliceOutcome.ClientClosed, SpliceOutcome.ClientFailed);
            if (outcome == SpliceOutcome.ClientClosed && !_inBody)
            {
                _backend.ShutdownSend();
            }
            else
            {
                // A client gone mid-message, or one that could not be followed: reset, so the backend keeps nothing.
                _backend.Abort();
            }

            await TransparentSplice.Outcome(down, SpliceOutcome.BackendClosed, SpliceOutcome.BackendFailed);
            return outcome;
        }

        SpliceOutcome backendOutcome = await TransparentSplice.Outcome(down, SpliceOutcome.BackendClosed, SpliceOutcome.BackendFailed);
        _dataReply?.TrySetResult(0);
        _client.Input.CancelPendingRead();
        await TransparentSplice.Outcome(up, SpliceOutcome.ClientClosed, SpliceOutcome.ClientFailed);
        return backendOutcome;
    }

    private async Task<bool> ClientToBackendAsync()
    {
        PipeReader input = _client.Input;
        PipeWriter output = _backend.Output;
        while (true)
        {
            ReadResult result = await input.ReadAsync();
            if (result.IsCanceled)
            {
                input.AdvanceTo(result.Buffer.Start);
                return false;
            }

            var reader = new SequenceReader<byte>(result.Buffer);
            TaskCompletionSource<int>? awaitingData = Forward(ref reader, output);
            long used = reader.Consumed;
            input.AdvanceTo(reader.Position, awaitingData is null ? result.Buffer.End : reader.Position);
            if (Violation is not null)
            {
                return false;
            }
            if (used > 0)
            {
                _activity.ClientSent(used);
                if (!await Pump.FlushAsync(output))
                {
                    return false;
                }
            }

            if (awaitingData is not null)
            {
                // RFC 5321 §4.1.1.4: data may follow only a 354. Nothing more goes to the backend until the reply.
                int code = await awaitingData.Task;
                if (code == 0)
                {
                    return false;
                }

                if (code == 354 && _awaiting == ReplyKind.Data)
                {
                    output.Write(_trace.Header());
                    _normalizer.Reset();
                    _inBody = true;
                    Messages++;
                    if (!await Pump.FlushAsync(output))
                    {
                        return false;
                    }
                }

                continue;
            }

            if (result.IsCompleted)
            {
                return true;
            }
        }
    }

    // Forwards what can go now; returns the DATA reply to wait for when a DATA command was forwarded.
    private TaskCompletionSource<int>? Forward(ref SequenceReader<byte> reader, PipeWriter output)
    {
        while (!reader.End)
        {
            if (_inBody)
            {
                int used = _normalizer.Process(reader.UnreadSpan, output, out bool endOfData);
                reader.Advance(used);
                if (endOfData)
                {
                    BareLineEnds += _normalizer.BareLineEnds;
                    _inBody = false;

                    // Courier 1.0.16 drops commands pipelined after end-of-data (seen here: a QUIT sent with
                    // the final "." never got its 221), so they wait for the message's reply.
                    return Await(ReplyKind.Message);
                }

                continue;
            }

            // Commands go on whole, after a look: the backend must see exactly the command SmtpShield
            // classified, so a line the two could read differently ends the session instead.
            SequencePosition lineStart = reader.Position;
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n', advancePastDelimiter: true))
            {
                if (reader.Remaining > MaxCommandLength)
                {
                    Violation = "command line too long";
                }

                reader.Rewind(reader.Consumed - reader.Sequence.Slice(0, lineStart).Length);
                break;
            }

            if (!IsCleanCommand(line))
            {
                Violation = "bare CR or LF, or NUL, in a command";
                reader.Rewind(reader.Sequence.Slice(lineStart, reader.Position).Length);
                break;
            }

            foreach (ReadOnlyMemory<byte> segment in line)
            {
                output.Write(segment.Span);
            }

            output.Write("\n"u8);
            ReplyKind kind = Classify(line);
            if (kind == ReplyKind.Data)
            {
                return Await(kind);
            }

            _expected.Enqueue(kind);
        }

        return null;
    }

    // The reply the client's next bytes must wait for; created before its command is queued, so the
    // backend's answer can never arrive first.
    private TaskCompletionSource<int> Await(ReplyKind kind)
    {
        var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaiting = kind;
        _dataReply = reply;
        _expected.Enqueue(kind);
        return reply;
    }

    // line: up to, not including, the LF. Clean: it ends in CR, and holds no other CR, no LF, no NUL.
    private static bool IsCleanCommand(ReadOnlySequence<byte> line)
    {
        if (line.IsEmpty)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(line);
        long lastCr = line.Length - 1;
        long position = 0;
        while (reader.TryRead(out byte b))
        {
            if (b == 0 || (b == (byte)'\r' && position != lastCr))
            {
                return false;
            }

            position++;
        }

        return line.Slice(lastCr).FirstSpan[0] == (byte)'\r';
    }

    private ReplyKind Classify(ReadOnlySequence<byte> command)
    {
        int length = (int)Math.Min(command.Length, _line.Length);
        command.Slice(0, length).CopyTo(_line);

        // Trailing white space as the backends trim it (Courier: isspace), so "DATA\t" is DATA here too.
        ReadOnlySpan<byte> line = _line.AsSpan(0, length).TrimEnd("\r \t\v\f"u8);
        if (Ascii.EqualsIgnoreCase(line, "DATA"u8))
        {
            return ReplyKind.Data;
        }

        if (Ascii.EqualsIgnoreCase(line, "STARTTLS"u8))
        {
            return ReplyKind.StartTls;
        }

        if (line.Length > 5 && (Ascii.EqualsIgnoreCase(line[..5], "EHLO "u8) || Ascii.EqualsIgnoreCase(line[..5], "HELO "u8)))
        {
            bool esmtp = line[0] is (byte)'E' or (byte)'e';
            _trace.Greeted(Encoding.UTF8.GetString(line[5..].Trim(" "u8)), esmtp);
            return esmtp ? ReplyKind.Ehlo : ReplyKind.Other;
        }

        return ReplyKind.Other;
    }

    private async Task<bool> BackendToClientAsync()
    {
        PipeReader input = _backend.Input;
        PipeWriter output = _client.Output;
        while (true)
        {
            ReadResult result = await input.ReadAsync();
            if (result.IsCanceled)
            {
                input.AdvanceTo(result.Buffer.Start);
                return false;
            }

            var reader = new SequenceReader<byte>(result.Buffer);
            bool follow = true;
            while (follow)
            {
                switch (SmtpReplyParser.TryParse(ref reader, out ParsedReply reply))
                {
                    case ParseStatus.Complete:
                        follow = Deliver(reply, output);
                        break;
                    case ParseStatus.SyntaxError:
                        throw new IOException("the backend's reply is not SMTP");
                    default:
                        follow = false;
                        break;
                }
            }

            long used = reader.Consumed;
            input.AdvanceTo(reader.Position, result.Buffer.End);
            if (used > 0)
            {
                _activity.BackendSent(used);
                if (!await Pump.FlushAsync(output))
                {
                    return false;
                }
            }

            if (LostTrack)
            {
                return false;
            }

            if (result.IsCompleted)
            {
                return true;
            }
        }
    }

    private bool Deliver(ParsedReply reply, PipeWriter output)
    {
        if (!_expected.TryDequeue(out ReplyKind kind) || (reply.Code == 354 && kind is not ReplyKind.Data))
        {
            // A reply to nothing (the backend's 421 on its way out) or a 354 to no DATA: the backend and
            // SmtpShield no longer agree on where the dialogue is, so following ends here.
            output.Write(reply.Raw);
            LostTrack = true;
            return false;
        }

        output.Write(kind == ReplyKind.Ehlo && reply.Code == 250 ? WithoutHiddenKeywords(reply) : reply.Raw);
        switch (kind)
        {
            case ReplyKind.Data or ReplyKind.Message:
                _dataReply?.TrySetResult(reply.Code);
                break;
            case ReplyKind.StartTls when reply.Code == 220:
                // The EHLO did not offer it, but the backend took it: TLS from here would hide the data.
                LostTrack = true;
                return false;
        }

        return true;
    }

    private static byte[] WithoutHiddenKeywords(ParsedReply reply)
    {
        List<string> lines = [reply.Lines[0], .. reply.Lines.Skip(1).Where(line => !s_hiddenKeywords.Contains(line.Split(' ', '=')[0]))];
        var text = new StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            text.Append(reply.Code).Append(i == lines.Count - 1 ? ' ' : '-').Append(lines[i]).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
