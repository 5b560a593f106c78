using System.IO.Pipelines;
using System.Net;

namespace SmtpShield.Sessions;

/// <summary>
/// What a session needs of its transport: addresses, the byte pipes and a hard abort. The listener's
/// lean socket transport provides it (Listener/SocketSmtpConnection, which replaced Kestrel's: decision 1
/// of shared/ARCHITECTURE.md); tests provide in-memory pipes. TLS is layered on top by the session.
/// </summary>
internal interface ISmtpConnection
{
    /// <summary>The client; IPv4-mapped IPv6 addresses are already mapped back to IPv4.</summary>
    IPEndPoint RemoteEndPoint { get; }

    /// <summary>The address and port the client connected to.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>The plaintext byte stream.</summary>
    IDuplexPipe Transport { get; }

    /// <summary>Closes the connection at once, without flushing; pending reads and writes fail.</summary>
    void Abort();
}
