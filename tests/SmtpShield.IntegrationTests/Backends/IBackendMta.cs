using System.Net;

namespace SmtpShield.IntegrationTests.Backends;

/// <summary>
/// A real backend MTA (Postfix, Exim, Courier) the relay tests start themselves: a private instance with its
/// own configuration and spool in a temp directory, listening on a free loopback port, accepting mail for
/// <see cref="LocalDomain"/> (user <see cref="ExistingUser"/> exists; any other local part is refused at RCPT
/// with 550), never relaying for anyone but a trusted local submitter, and storing each accepted message
/// where <see cref="WaitForMessagesAsync"/> can read it back whole (headers and body as delivered).
/// </summary>
internal interface IBackendMta : IAsyncDisposable
{
    /// <summary>"postfix-xclient", "postfix-proxy", "exim-proxy", "courier-none": names the instance in test output.</summary>
    string Name { get; }

    /// <summary>Where SmtpShield connects (Relay:Backends:N:Endpoint).</summary>
    IPEndPoint EndPoint { get; }

    /// <summary>The identity mode this instance expects: "xclient", "proxy-v1", "proxy-v2" (both accept v1 and v2 where the MTA does) or "none".</summary>
    string Identity { get; }

    /// <summary>For Identity "none": the loopback source address SmtpShield must connect from (not trusted to relay). Null otherwise.</summary>
    IPAddress? SourceAddress { get; }

    /// <summary>The domain delivered locally, e.g. "backend.test".</summary>
    string LocalDomain { get; }

    /// <summary>A local part that exists in <see cref="LocalDomain"/>, e.g. "alice".</summary>
    string ExistingUser { get; }

    /// <summary>Every log line the MTA has written so far (its own log file or output).</summary>
    IReadOnlyList<string> LogLines { get; }

    /// <summary>
    /// Waits until at least <paramref name="count"/> messages have been accepted and stored, and returns all of
    /// them so far (each the full message text with CRLF or LF line ends as stored). Returns what there is after
    /// <paramref name="timeout"/>.
    /// </summary>
    Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan timeout);

    /// <summary>Kills every process of the instance at once (SIGKILL), as a crash would: open sessions break mid-dialogue.</summary>
    void Kill();
}
