using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SmtpShield.Protocol;
using SmtpShield.Sessions;
using SmtpShield.Tests.Fakes;

namespace SmtpShield.Tests.Sessions;

/// <summary>
/// One real <see cref="SmtpSession"/> with the daemon's real services, over in-memory pipes and a
/// manual clock. Tests talk to it as a client and read its replies.
/// </summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    /// <summary>No reverse-DNS or EHLO lookups: the only timers on the clock are the session's own (greet wait, tarpit).</summary>
    public static readonly (string Key, string? Value)[] NoLookups = [("ReverseDns:Enabled", "false"), ("Helo:Enabled", "false")];

    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(10);
    private readonly ServiceProvider _services;

    private SessionHarness(ServiceProvider services, InMemoryConnection connection)
    {
        _services = services;
        Connection = connection;
        Clock = (ManualTimeProvider)services.GetRequiredService<TimeProvider>();
        Registry = services.GetRequiredService<SessionRegistry>();
        Session = services.GetRequiredService<SmtpSessionFactory>().Create(connection);
        Running = Task.Run(() => Session.RunAsync(CancellationToken.None));
    }

    public InMemoryConnection Connection { get; }

    public ManualTimeProvider Clock { get; }

    public SessionRegistry Registry { get; }

    public SmtpSession Session { get; }

    public Task Running { get; }

    public static SessionHarness Start(params (string Key, string? Value)[] overrides) =>
        Start(registry: null, client: null, overrides);

    /// <summary>Starts a session; pass another harness's services to share its registry (admission, shutdown).</summary>
    public static SessionHarness Start(SessionRegistry? registry, IPEndPoint? client, params (string Key, string? Value)[] overrides) =>
        Start(registry, client, configure: null, overrides);

    /// <summary>Starts a session with extra services (<paramref name="configure"/> runs after the daemon's own).</summary>
    public static SessionHarness Start(Action<IServiceCollection>? configure, params (string Key, string? Value)[] overrides) =>
        Start(registry: null, client: null, configure, overrides);

    private static SessionHarness Start(SessionRegistry? registry, IPEndPoint? client, Action<IServiceCollection>? configure, (string Key, string? Value)[] overrides)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddLogging();
        services.AddSmtpShield(TestConfiguration.Create(overrides));
        configure?.Invoke(services);
        if (registry is not null)
        {
            services.AddSingleton(registry);
        }

        return new SessionHarness(services.BuildServiceProvider(), new InMemoryConnection(client));
    }

    /// <summary>Starts a session whose banner has been read already.</summary>
    public static async Task<SessionHarness> StartGreetedAsync(params (string Key, string? Value)[] overrides)
    {
        SessionHarness harness = Start(overrides);
        ParsedReply banner = await harness.ReadReplyAsync();
        Assert.Equal(220, banner.Code);
        return harness;
    }

    public async Task SendAsync(string text) => await SendBytesAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes)
    {
        FlushResult result = await Connection.ClientOutput.WriteAsync(bytes);
        Assert.False(result.IsCompleted, "the session stopped reading");
    }

    public Task SendLineAsync(string line) => SendAsync(line + "\r\n");

    /// <summary>Reads one complete reply, failing the test after a few seconds instead of hanging.</summary>
    public async Task<ParsedReply> ReadReplyAsync()
    {
        ParsedReply? reply = await TryReadReplyAsync();
        return reply ?? throw new Xunit.Sdk.XunitException("the session closed the connection instead of replying");
    }

    /// <summary>A reply, or null when the session closed the connection.</summary>
    public async Task<ParsedReply?> TryReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(s_readTimeout);
        PipeReader input = Connection.ClientInput;
        while (true)
        {
            ReadResult read = await input.ReadAsync(timeout.Token);
            if (TryParse(read.Buffer, out ParsedReply? reply, out SequencePosition consumed))
            {
                input.AdvanceTo(consumed);
                return reply;
            }

            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            if (read.IsCompleted)
            {
                Assert.True(read.Buffer.IsEmpty, $"partial reply before close: {Encoding.UTF8.GetString(read.Buffer)}");
                return null;
            }
        }
    }

    /// <summary>Everything the session has flushed and not yet read, as text.</summary>
    public async Task<string> ReadAvailableAsync()
    {
        using var timeout = new CancellationTokenSource(s_readTimeout);
        ReadResult read = await Connection.ClientInput.ReadAsync(timeout.Token);
        string text = Encoding.UTF8.GetString(read.Buffer);
        Connection.ClientInput.AdvanceTo(read.Buffer.End);
        return text;
    }

    /// <summary>What the session flushes within <paramref name="wait"/> (real time), as text; empty when nothing came.</summary>
    public async Task<string> ReadAvailableWithinAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            ReadResult read = await Connection.ClientInput.ReadAsync(timeout.Token);
            string text = Encoding.UTF8.GetString(read.Buffer);
            Connection.ClientInput.AdvanceTo(read.Buffer.End);
            return text;
        }
        catch (OperationCanceledException)
        {
            return string.Empty;
        }
    }

    /// <summary>HELO and MAIL, each answered, so the next command is the RCPT where the verdict shows.</summary>
    public async Task StartTransactionAsync()
    {
        await SendLineAsync("HELO client.example");
        Assert.Equal(250, (await ReadReplyAsync()).Code);
        await SendLineAsync("MAIL FROM:<a@client.example>");
        Assert.Equal(250, (await ReadReplyAsync()).Code);
    }

    /// <summary>Asserts the session closed the connection (after any replies already read) and ended.</summary>
    public async Task AssertClosedAsync()
    {
        ParsedReply? extra = await TryReadReplyAsync();
        Assert.Null(extra);
        await Running.WaitAsync(s_readTimeout);
    }

    /// <summary>Runs the session's timeout check as the heartbeat would after the clock moved.</summary>
    public void AdvanceAndTick(TimeSpan by)
    {
        Clock.Advance(by);
        Registry.CheckTimeouts(Clock.GetTimestamp());
    }

    /// <summary>
    /// Plays a transcript: consecutive "C: " lines are sent in one write (pipelined), then each "S: "
    /// reply is read and compared line by line. A multi-line reply is its "S: 250-…" lines up to "S: 250 …".
    /// </summary>
    public async Task PlayAsync(string transcript)
    {
        var pending = new StringBuilder();
        var expected = new List<string>();
        foreach (string raw in transcript.Split('\n'))
        {
            string line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("C: ", StringComparison.Ordinal))
            {
                pending.Append(line[3..]).Append("\r\n");
                continue;
            }

            Assert.StartsWith("S: ", line);
            if (pending.Length > 0)
            {
                await SendAsync(pending.ToString());
                pending.Clear();
            }

            expected.Add(line[3..]);
            if (line.Length <= 7 || line[6] == ' ')
            {
                ParsedReply reply = await ReadReplyAsync();
                Assert.Equal(string.Join("\n", expected), Render(reply));
                expected.Clear();
            }
        }

        if (pending.Length > 0)
        {
            await SendAsync(pending.ToString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.ClientOutput.CompleteAsync();
        await Running.WaitAsync(s_readTimeout);
        await _services.DisposeAsync();
    }

    private static string Render(ParsedReply reply) =>
        string.Join("\n", reply.Lines.Select((text, i) => $"{reply.Code}{(i == reply.Lines.Count - 1 ? ' ' : '-')}{text}"));

    private static bool TryParse(ReadOnlySequence<byte> buffer, out ParsedReply? reply, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        ParseStatus status = SmtpReplyParser.TryParse(ref reader, out ParsedReply parsed);
        Assert.NotEqual(ParseStatus.SyntaxError, status);
        reply = status == ParseStatus.Complete ? parsed : null;
        consumed = reader.Position;
        return reply is not null;
    }
}
