using System.Net;
using SmtpShield.Checks.ReverseDns;
using SmtpShield.Protocol;

namespace SmtpShield.Checks;

/// <summary>What the checks know about a client so far; filled in as the dialogue goes on.</summary>
internal sealed class CheckSubject(IPAddress client, IPEndPoint local)
{
    public IPAddress Client { get; } = client;

    /// <summary>The address and port the client connected to (EHLO checks: "not our own address").</summary>
    public IPEndPoint Local { get; } = local;

    public string? Helo { get; set; }

    public HeloArgumentKind HeloKind { get; set; }

    /// <summary>MAIL FROM's mailbox; empty for the null sender.</summary>
    public string? Sender { get; set; }

    /// <summary>Sender-verification callouts this session has caused so far (Callouts:MaxPerSession).</summary>
    public int Callouts;

    /// <summary>
    /// The client's forward-confirmed reverse DNS, looked up once at accept and shared by the rDNS and
    /// EHLO checks (and, later, the relay's XCLIENT NAME). Null when no check needs it.
    /// </summary>
    public Task<ReverseDnsResult>? ReverseDns { get; set; }
}
