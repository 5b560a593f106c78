using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SmtpShield.Hosting;

/// <summary>
/// The endpoints actually bound (a configured port 0 becomes a real port), for the startup log line, tests
/// and the admin API: the SMTP ones by the listener, the admin one by Kestrel.
/// </summary>
internal sealed class ListenerEndpoints
{
    private readonly List<IPEndPoint> _smtp = [];
    private ListenOptions? _admin;

    public IReadOnlyList<IPEndPoint> Smtp => _smtp;

    public IPEndPoint? Admin => _admin?.IPEndPoint;

    internal void AddSmtp(IPEndPoint bound) => _smtp.Add(bound);

    internal void SetAdmin(ListenOptions listen) => _admin = listen;
}
