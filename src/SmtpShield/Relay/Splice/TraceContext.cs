using System.Net;

namespace SmtpShield.Relay.Splice;

/// <summary>
/// What the Received: line of a followed session says: fixed at handoff, except the HELO, which a
/// fast-path client gives straight to the backend and the splice picks up on the way.
/// </summary>
internal sealed class TraceContext(IPAddress client, string? verifiedName, string hostname, bool tls, string sessionId, TimeProvider time)
{
    private string? _helo;

    public string SessionId => sessionId;
    private bool _esmtp = true;

    public void Greeted(string helo, bool esmtp)
    {
        _helo = helo;
        _esmtp = esmtp;
    }

    public byte[] Header() => TraceHeader.Build(_helo, verifiedName, client, hostname, _esmtp, tls, sessionId, time.GetLocalNow());
}
