using System.IO.Pipelines;
using System.Net;
using SmtpShield.Sessions;

namespace SmtpShield.Tests.Fakes;

/// <summary>
/// A connection made of two in-memory pipes: what the test writes to <see cref="ClientOutput"/> the
/// session reads, and what the session writes the test reads from <see cref="ClientInput"/>.
/// </summary>
internal sealed class InMemoryConnection : ISmtpConnection
{
    private readonly Pipe _toServer = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _toClient = new(new PipeOptions(useSynchronizationContext: false));

    public InMemoryConnection(IPEndPoint? client = null)
    {
        RemoteEndPoint = client ?? new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000);
        Transport = new DuplexPipe(_toServer.Reader, _toClient.Writer);
    }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Parse("198.51.100.25"), 25);

    public IDuplexPipe Transport { get; }

    public bool WasAborted { get; private set; }

    public PipeWriter ClientOutput => _toServer.Writer;

    public PipeReader ClientInput => _toClient.Reader;

    public void Abort()
    {
        WasAborted = true;
        _toServer.Writer.Complete(new IOException("aborted"));
        _toClient.Reader.Complete();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
