using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SmtpShield.Hosting;

/// <summary>
/// The endpoints Kestrel actually bound (a configured port 0 becomes a real port), for the startup log
/// line, tests and the admin API.
/// </summary>
internal sealed class ListenerEndpoints
{
    private readonly List<ListenOptions> _smtp = [];
    private ListenOptions? _admin;

    public IReadOnlyList<IPEndPoint> Smtp => [.. _smtp.Select(l => l.IPEndPoint!)];

    public IPEndPoint? Admin => _admin?.IPEndPoint;

    internal void AddSmtp(ListenOptions listen) => _smtp.Add(listen);

    internal void SetAdmin(ListenOptions listen) => _admin = listen;
}
