using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;

namespace SmtpShield.Sessions.Tls;

/// <summary>
/// The session's byte stream after STARTTLS: SslStream over the plaintext pipe, exposed as pipes again
/// so the session loop does not change. Reads use zero-byte reads, so an idle TLS session holds no buffer.
/// </summary>
internal sealed class TlsTransport : IDuplexPipe, IAsyncDisposable
{
    private readonly SslStream _stream;

    private TlsTransport(SslStream stream)
    {
        _stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public SslProtocols Protocol => _stream.SslProtocol;

    public string CipherSuite => _stream.NegotiatedCipherSuite.ToString();

    /// <summary>
    /// Runs the server handshake over <paramref name="plaintext"/>. Returns null (with the reason) when
    /// the client sends garbage, stalls past the timeout, or goes away: a clean close, never a crash.
    /// </summary>
    public static async Task<(TlsTransport? Transport, string? Failure)> AcceptAsync(
        IDuplexPipe plaintext, SslStreamCertificateContext certificate, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var stream = new SslStream(new DuplexPipeStream(plaintext), leaveInnerStreamOpen: false);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await stream.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = certificate,
                    ClientCertificateRequired = false,
                    AllowRenegotiation = false,
                },
                linked.Token);
            return (new TlsTransport(stream), null);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            await stream.DisposeAsync();
            string failure = deadline.IsCancellationRequested ? "handshake timed out" : e.GetBaseException().Message;
            return (null, failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
        try
        {
            // close_notify, best effort: the peer may already be gone.
            await _stream.ShutdownAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }

        await _stream.DisposeAsync();
    }
}
