using System.Buffers;
using System.IO.Pipelines;
using SmtpShield.Checks;
using SmtpShield.Protocol;
using SmtpShield.Relay;
using SmtpShield.Sessions.Tls;
using SmtpShield.Verdicts;

namespace SmtpShield.Sessions;

/// <summary>
/// One SMTP dialogue up to the handoff: read ▸ parse every complete command ▸ dispatch ▸ reply ▸ flush
/// once per read (RFC 2920). Written against <see cref="ISmtpConnection"/> and pipes, never Kestrel.
/// </summary>
internal sealed partial class SmtpSession
{
    // After a 421 is due, a client that will not take it gets this long before the connection is cut.
    private static readonly TimeSpan s_interruptGrace = TimeSpan.FromSeconds(10);

    private readonly SmtpSessionFactory _shared;
    private readonly ISmtpConnection _connection;
    private readonly long _startTimestamp;
    private readonly long _sessionDeadline;
    private SmtpCommandReader _reader;
    private volatile IDuplexPipe _transport;
    private TlsTransport? _tls;
    private long _commandDeadline;
    private int _interruptReason;
    private long _interruptedAt;
    private bool _offenceRecorded;

    public SmtpSession(SmtpSessionFactory shared, ISmtpConnection connection, string id)
    {
        _shared = shared;
        _connection = connection;
        _transport = connection.Transport;
        _reader = new SmtpCommandReader(shared.Limits.CommandLineLength);
        SessionChecks checks = shared.Checks.Begin(connection.RemoteEndPoint.Address, connection.LocalEndPoint);
        Context = new SessionContext(id, connection.RemoteEndPoint, connection.LocalEndPoint, shared.Replies, shared.Limits, checks, shared.Pacer)
        {
            Output = connection.Transport.Output,
        };
        _startTimestamp = shared.Time.GetTimestamp();
        _sessionDeadline = DeadlineAfter(shared.Limits.SessionTimeout);
        checks.DropRequested = () => Interrupt(SessionEndReason.Dropped);
        _commandDeadline = DeadlineAfter(shared.Limits.BannerTimeout);
    }

    public SessionContext Context { get; }

    public TimeSpan Age => _shared.Time.GetElapsedTime(_startTimestamp);

    private bool IsInterrupted => Volatile.Read(ref _interruptReason) != 0;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _shared.Registry.Add(this);
        LogConnect(Context.Client.Address, Context.Client.Port, Context.Local.Address, Context.Local.Port, Context.Id);
        try
        {
            if (!IsInterrupted)
            {
                // Lookups start now, so they are usually done by the time RCPT TO arrives.
                Context.Checks.OnConnect();
                if (Context.Checks.IsTrustedAtConnect && _shared.Relay.FastPath)
                {
                    // Allowlisted or passed before: the backend greets the client itself.
                    Context.Verdict = await Context.Checks.DecideAsync(cancellationToken);
                    Context.Handoff = await _shared.Relay.OpenFastPathAsync(Context, cancellationToken);
                }

                if (Context.Handoff is null)
                {
                    await GreetAsync(cancellationToken);
                    // The banner timeout counts from the banner, not from a greet wait before it.
                    Volatile.Write(ref _commandDeadline, DeadlineAfter(_shared.Limits.BannerTimeout));
                }
            }

            await _transport.Output.FlushAsync(cancellationToken);
            if (Context.Handoff is not null)
            {
                await SpliceAsync();
                return;
            }

            if (Context.IsClosing)
            {
                return; // dropped during the greet wait: the 521 is out
            }

            await ReadLoopAsync(cancellationToken);
        }
        catch (Exception e) when (IsDisconnect(e))
        {
            Context.Close(IsInterrupted ? (SessionEndReason)_interruptReason : SessionEndReason.ClientDisconnected);
        }
        catch (Exception e)
        {
            LogUnexpectedError(Context.Client.Address, Context.Client.Port, Context.Id, e);
            Context.Close(SessionEndReason.InternalError);
        }
        finally
        {
            if (Context.Handoff is { } handoff && !_spliceStarted)
            {
                // Handed over but never spliced (the client vanished first): the backend must not keep the transaction.
                handoff.Abort();
                await handoff.Backend.DisposeAsync();
            }

            _reader.ReleaseScratch();
            Context.LeaveTarpit();
            RecordOffence();
            // Still registered while closing: a TLS close_notify to a client that stopped reading is
            // bounded by the heartbeat like everything else.
            await CloseTransportAsync();
            _shared.Registry.Remove(this);
            Context.Checks.Dispose();
            LogSessionEnd();
        }
    }

    // Once per session, as soon as its end is known (a rejected client's QUIT, the error limit, a drop).
    private void RecordOffence()
    {
        if (!_offenceRecorded)
        {
            _offenceRecorded = true;
            _shared.Offences.SessionEnded(Context);
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (IsInterrupted && await SayGoodbyeAsync((SessionEndReason)_interruptReason, cancellationToken))
            {
                return;
            }

            PipeReader input = _transport.Input;
            // No token: a pending read with a cancellable token holds a callback registration per idle
            // connection. Timeouts and shutdown interrupt with CancelPendingRead; a vanished client
            // completes or faults the pipe.
            ReadResult result = await input.ReadAsync(CancellationToken.None);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                continue;
            }

            SequencePosition consumed = await ProcessCommandsAsync(buffer, cancellationToken);
            if (Context.Handoff is not null)
            {
                // Handed over: what the client pipelined after this RCPT goes to the backend, first.
                input.AdvanceTo(consumed);
                await _transport.Output.FlushAsync(cancellationToken);
                await SpliceAsync();
                return;
            }

            if (Context.StartTlsRequested)
            {
                // CVE-2011-0411: plaintext pipelined after STARTTLS must never be read as commands.
                long injected = buffer.Slice(consumed).Length;
                input.AdvanceTo(buffer.End);
                if (injected > 0)
                {
                    LogStartTlsInjection(Context.Client.Address, Context.Client.Port, Context.Id, injected);
                }
            }
            else if (Context.StutteredReply is not null)
            {
                // Nothing examined past this command: what was pipelined after it is read again at once.
                input.AdvanceTo(consumed);
            }
            else
            {
                input.AdvanceTo(consumed, buffer.End);
            }

            _reader.ReleaseScratch();
            // A batch stopped at a stuttered reply: commands after it are still buffered, even at end of input.
            bool stopped = Context.StutteredReply is not null;
            if (!await PaceRepliesAsync())
            {
                return;
            }

            if (Context.IsClosing)
            {
                // Before the client reads its 221 or 421: a reconnect must already meet the block.
                RecordOffence();
            }

            await _transport.Output.FlushAsync(cancellationToken);
            if (Context.IsClosing)
            {
                return;
            }

            if (Context.StartTlsRequested)
            {
                if (!await UpgradeToTlsAsync(cancellationToken))
                {
                    return;
                }
            }
            else if (result.IsCompleted && !stopped)
            {
                Context.Close(SessionEndReason.ClientDisconnected);
                return;
            }
        }
    }

    private async ValueTask<SequencePosition> ProcessCommandsAsync(ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        SequencePosition position = buffer.Start;
        while (!Context.IsClosing && !Context.StartTlsRequested && Context.Handoff is null && Context.StutteredReply is null && !IsInterrupted)
        {
            ParseStatus status = ReadCommand(buffer, ref position, out SmtpCommand command);
            if (status == ParseStatus.NeedMoreData)
            {
                break;
            }

            Volatile.Write(ref _commandDeadline, DeadlineAfter(_shared.Limits.IdleTimeout));
            if (Context.Verdict is null && status != ParseStatus.LineTooLong)
            {
                // Before the verdict only: from there on the dialogue is the backend's or already refused.
                _shared.Protocol.Judge(Context, command, pipelinedAfter: !buffer.Slice(position).IsEmpty);
            }

            await DispatchAsync(status, command, cancellationToken);
        }

        return position;
    }

    private ParseStatus ReadCommand(ReadOnlySequence<byte> buffer, ref SequencePosition position, out SmtpCommand command)
    {
        var reader = new SequenceReader<byte>(buffer.Slice(position));
        ParseStatus status = _reader.TryRead(ref reader, out command);
        position = reader.Position;
        return status;
    }

    private ValueTask DispatchAsync(ParseStatus status, SmtpCommand command, CancellationToken cancellationToken)
    {
        if (++Context.Commands > _shared.Limits.MaxCommands)
        {
            Context.Close(SessionEndReason.TooManyCommands, _shared.Replies.TooManyCommands);
            return ValueTask.CompletedTask;
        }

        if (status == ParseStatus.LineTooLong)
        {
            Context.ProtocolError(SmtpReplies.LineTooLong);
            return ValueTask.CompletedTask;
        }

        if (Context.Verdict is null && Context.Checks.TryGetDrop(out Verdict drop))
        {
            // The drop may arrive between the interrupt and this command: the command is not served.
            Drop(drop);
            return ValueTask.CompletedTask;
        }

        Context.SeenLineFlags |= command.Flags;
        if ((command.Flags & LineFlags.Nul) != 0)
        {
            Context.ProtocolError(SmtpReplies.NulInCommand);
            return ValueTask.CompletedTask;
        }

        return _shared.Commands.For(command.Verb).HandleAsync(Context, command, cancellationToken);
    }

    private async Task<bool> UpgradeToTlsAsync(CancellationToken cancellationToken)
    {
        (TlsTransport? tls, string? failure) = await TlsTransport.AcceptAsync(
            _connection.Transport, _shared.Certificate.Context!, _shared.Tls.HandshakeTimeout, _shared.Time, cancellationToken);
        Context.StartTlsRequested = false;
        if (tls is null)
        {
            LogTlsFailed(Context.Client.Address, Context.Client.Port, Context.Id, failure);
            Context.Close(IsInterrupted ? (SessionEndReason)_interruptReason : SessionEndReason.TlsHandshakeFailed);
            return false;
        }

        _tls = tls;
        _transport = tls;
        Context.Output = tls.Output;
        Context.ResetAfterTls();
        LogTlsEstablished(Context.Client.Address, Context.Client.Port, Context.Id, tls.Protocol, tls.CipherSuite);
        if (IsInterrupted)
        {
            // An interrupt that raced the swap cancelled the old pipe; repeat it on the new one.
            tls.Input.CancelPendingRead();
        }

        return true;
    }

    private async Task CloseTransportAsync()
    {
        try
        {
            if (_tls is not null)
            {
                await _tls.DisposeAsync();
            }

            await _connection.Transport.Output.CompleteAsync();
            await _connection.Transport.Input.CompleteAsync();
        }
        catch (Exception e) when (IsDisconnect(e))
        {
            // The peer is gone already; nothing left to close cleanly.
        }
    }

    private long DeadlineAfter(TimeSpan timeout) =>
        _shared.Time.GetTimestamp() + (long)(timeout.TotalSeconds * _shared.Time.TimestampFrequency);

    private static bool IsDisconnect(Exception e) =>
        e is IOException or OperationCanceledException or ObjectDisposedException;
}
