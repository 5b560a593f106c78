using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// A raw SMTP client over real TCP: sends exactly the bytes a test gives it (all at once, or one octet per
/// write), reads whole replies with <see cref="SmtpReplyParser"/>, and never waits longer than
/// <see cref="ReadTimeout"/>, so a server that hangs fails the test instead of blocking the run.
/// </summary>
internal sealed class SmtpTestClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpClient _tcp;
    private readonly byte[] _readBuffer = new byte[64 * 1024];
    private Stream _stream;
    private byte[] _pending = new byte[4096];
    private int _pendingCount;

    private SmtpTestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public TimeSpan ReadTimeout { get; set; } = DefaultReadTimeout;

    /// <summary>Everything sent and received so far, as "C: " and "S: " lines.</summary>
    public Transcript Transcript { get; } = new();

    /// <summary>How many socket reads have delivered data (a pipelined group answered in one flush takes one).</summary>
    public int DataReads { get; private set; }

    /// <summary>The client's own end of the connection: the address and port the server sees.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_tcp.Client.LocalEndPoint!;

    public static Task<SmtpTestClient> ConnectAsync(IPEndPoint endpoint) => ConnectAsync(endpoint, localAddress: null);

    /// <summary>
    /// Connects from <paramref name="localAddress"/> (null: the kernel's choice). All of 127.0.0.0/8 is on lo,
    /// so a test picks the client address the daemon sees, e.g. one a test DNSBL lists.
    /// </summary>
    public static async Task<SmtpTestClient> ConnectAsync(IPEndPoint endpoint, IPAddress? localAddress)
    {
        var tcp = localAddress is null
            ? new TcpClient(endpoint.AddressFamily) { NoDelay = true }
            : new TcpClient(new IPEndPoint(localAddress, 0)) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(DefaultReadTimeout);
            await tcp.ConnectAsync(endpoint, timeout.Token);
            return new SmtpTestClient(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Connects through <paramref name="socket"/>, made (and perhaps bound) by the test, e.g. inside a <see cref="NetworkNamespace"/>.</summary>
    public static async Task<SmtpTestClient> ConnectAsync(IPEndPoint endpoint, Socket socket)
    {
        var tcp = new TcpClient { Client = socket, NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(DefaultReadTimeout);
            await tcp.ConnectAsync(endpoint, timeout.Token);
            return new SmtpTestClient(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Connects and reads the banner, which must be a 220.</summary>
    public static Task<SmtpTestClient> ConnectAndGreetAsync(IPEndPoint endpoint) => ConnectAndGreetAsync(endpoint, localAddress: null);

    /// <summary>Connects from <paramref name="localAddress"/> and reads the banner, which must be a 220.</summary>
    public static async Task<SmtpTestClient> ConnectAndGreetAsync(IPEndPoint endpoint, IPAddress? localAddress)
    {
        SmtpTestClient client = await ConnectAsync(endpoint, localAddress);
        try
        {
            await client.ExpectAsync(220);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="text"/> (UTF-8, line endings as given) in one write.</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> octets)
    {
        Transcript.Sent(octets.Span);
        await _stream.WriteAsync(octets);
        await _stream.FlushAsync();
    }

    /// <summary>Sends one command line with its CRLF.</summary>
    public Task SendLineAsync(string line) => SendAsync(line + "\r\n");

    /// <summary>Sends <paramref name="text"/> one octet per write (Nagle is off: one segment each).</summary>
    public async Task SendOctetByOctetAsync(string text)
    {
        byte[] octets = Encoding.UTF8.GetBytes(text);
        Transcript.Sent(octets);
        for (int i = 0; i < octets.Length; i++)
        {
            await _stream.WriteAsync(octets.AsMemory(i, 1));
            await _stream.FlushAsync();
        }
    }

    /// <summary>Half-closes the connection (TCP FIN): the client will send nothing more but still reads.</summary>
    public void FinishSending()
    {
        Transcript.Note("client half-closes");
        _tcp.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Reads one complete reply; fails on a timeout, on EOF, or on bytes that are not a reply.</summary>
    public async Task<ParsedReply> ReadReplyAsync() =>
        await TryReadReplyAsync()
        ?? throw new EndOfStreamException($"The server closed the connection while a reply was expected.\n{Transcript.Take()}");

    /// <summary>Reads one complete reply, or null if the server closed the connection cleanly first.</summary>
    public async Task<ParsedReply?> TryReadReplyAsync()
    {
        while (true)
        {
            if (TryTakeReply(out ParsedReply? reply))
            {
                Transcript.Received(reply);
                return reply;
            }

            if (await ReadMoreAsync() == 0)
            {
                if (_pendingCount > 0)
                {
                    throw new EndOfStreamException($"The server closed the connection in the middle of a reply: '{PendingText()}'.");
                }

                return null;
            }
        }
    }

    public async Task<IReadOnlyList<ParsedReply>> ReadRepliesAsync(int count)
    {
        var replies = new List<ParsedReply>(count);
        for (int i = 0; i < count; i++)
        {
            replies.Add(await ReadReplyAsync());
        }

        return replies;
    }

    /// <summary>Reads one reply and asserts its code.</summary>
    public async Task<ParsedReply> ExpectAsync(int code)
    {
        ParsedReply reply = await ReadReplyAsync();
        if (reply.Code != code)
        {
            Assert.Fail($"Expected a {code} reply, got '{reply}'.\n{Transcript.Take()}");
        }

        return reply;
    }

    /// <summary>Sends a line and asserts the code of its reply.</summary>
    public async Task<ParsedReply> ExpectAsync(int code, string line)
    {
        await SendLineAsync(line);
        return await ExpectAsync(code);
    }

    /// <summary>Sends a line and returns its reply (lock-step, no pipelining).</summary>
    public async Task<ParsedReply> CommandAsync(string line)
    {
        await SendLineAsync(line);
        return await ReadReplyAsync();
    }

    /// <summary>Sends each line and reads its reply before the next; returns the transcript of the exchange.</summary>
    public async Task<string> ConverseAsync(params string[] lines)
    {
        foreach (string line in lines)
        {
            await CommandAsync(line);
        }

        return Transcript.Take();
    }

    /// <summary>Asserts that the server sends nothing more and closes the connection cleanly (FIN, not RST).</summary>
    public async Task ExpectClosedAsync()
    {
        Assert.True(_pendingCount == 0, $"Expected the connection to close, but the server sent '{PendingText()}'.");
        int read;
        try
        {
            read = await ReadMoreAsync();
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
            Assert.Fail($"Expected a clean close (EOF), but the connection was reset: {e.InnerException.Message}");
            return;
        }

        Assert.True(read == 0, $"Expected the connection to close, but the server sent '{PendingText()}'.");
    }

    /// <summary>
    /// Runs the TLS client handshake over the connection. The daemon's certificate is self-signed, so no
    /// chain can be built: it is accepted when it names the daemon's hostname. Nothing may be waiting
    /// unread: bytes from before the handshake would be plaintext.
    /// </summary>
    public async Task StartTlsAsync()
    {
        Assert.True(_pendingCount == 0, $"Plaintext arrived after the 220 to STARTTLS: '{PendingText()}'.");
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        using var timeout = new CancellationTokenSource(ReadTimeout);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = DaemonUnderTest.Hostname,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=" + DaemonUnderTest.Hostname,
            },
            timeout.Token);
        _stream = tls;
        Transcript.Note("TLS started");
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private bool TryTakeReply([NotNullWhen(true)] out ParsedReply? reply)
    {
        reply = null;
        var input = new SequenceReader<byte>(new ReadOnlySequence<byte>(_pending, 0, _pendingCount));
        ParseStatus status = SmtpReplyParser.TryParse(ref input, out ParsedReply parsed);
        if (status == ParseStatus.SyntaxError)
        {
            throw new InvalidDataException($"The server sent something that is not an SMTP reply: '{PendingText()}'.");
        }

        if (status != ParseStatus.Complete)
        {
            return false;
        }

        int consumed = (int)input.Consumed;
        Buffer.BlockCopy(_pending, consumed, _pending, 0, _pendingCount - consumed);
        _pendingCount -= consumed;
        reply = parsed;
        return true;
    }

    private async Task<int> ReadMoreAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        int read;
        try
        {
            read = await _stream.ReadAsync(_readBuffer, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Nothing from the server within {ReadTimeout.TotalSeconds:0.#} s (unparsed: '{PendingText()}').\n{Transcript.Take()}");
        }

        if (read > 0)
        {
            DataReads++;
            if (_pendingCount + read > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingCount + read));
            }

            Buffer.BlockCopy(_readBuffer, 0, _pending, _pendingCount, read);
            _pendingCount += read;
        }

        return read;
    }

    private string PendingText() => Encoding.UTF8.GetString(_pending, 0, Math.Min(_pendingCount, 500));
}
