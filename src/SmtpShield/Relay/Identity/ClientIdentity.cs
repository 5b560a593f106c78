using System.Net;

namespace SmtpShield.Relay.Identity;

/// <summary>
/// Who the backend must believe it is talking to: the client's endpoint, the endpoint it connected to,
/// its verified name, and (once greeted) its HELO. Everything here was learnt by SmtpShield, never
/// claimed by the client, except <see cref="Helo"/>, which is passed on as what it is.
/// </summary>
internal sealed record ClientIdentity(IPEndPoint Client, IPEndPoint Local, string Name, string? ReverseName, string? Helo, bool Esmtp)
{
    /// <summary>XCLIENT NAME for a client without a forward-confirmed name (Postfix XCLIENT_README).</summary>
    public const string Unavailable = "[UNAVAILABLE]";

    /// <summary>XCLIENT NAME when the reverse lookup failed temporarily.</summary>
    public const string TemporarilyUnavailable = "[TEMPUNAVAIL]";
}
