using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using SmtpShield.Sessions;

namespace SmtpShield.Listener;

/// <summary>Adapts a Kestrel connection to the session's transport-neutral <see cref="ISmtpConnection"/>.</summary>
internal sealed class KestrelSmtpConnection(ConnectionContext connection) : ISmtpConnection
{
    public IPEndPoint RemoteEndPoint { get; } = Normalize(connection.RemoteEndPoint);

    public IPEndPoint LocalEndPoint { get; } = Normalize(connection.LocalEndPoint);

    public IDuplexPipe Transport => connection.Transport;

    public void Abort() => connection.Abort(new ConnectionAbortedException("SmtpShield aborted the session."));

    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; everything downstream
    // (logs, DNSBL names, XCLIENT ADDR) wants the plain IPv4 form.
    private static IPEndPoint Normalize(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint ip => new IPEndPoint(ClientAddress.Normalize(ip.Address), ip.Port),
        _ => new IPEndPoint(IPAddress.None, 0),
    };
}
