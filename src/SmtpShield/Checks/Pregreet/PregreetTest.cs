using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpShield.Checks.Protocol;

namespace SmtpShield.Checks.Pregreet;

/// <summary>The pre-greet test's settings and verdict: bytes before the final banner line are a failed check.</summary>
internal sealed partial class PregreetTest(IOptions<PregreetOptions> options, ILogger<PregreetTest> logger)
{
    public const string CheckName = "pregreet";

    public PregreetOptions Options { get; } = options.Value;

    /// <param name="bytes">What the client had sent when it was caught (postscreen logs the count too).</param>
    public void Failed(SessionChecks checks, IPAddress client, int port, long bytes, TimeSpan after)
    {
        LogPregreet(client, port, bytes, after.TotalSeconds);
        checks.Observe(ProtocolFinding.Pregreet, new CheckResult(CheckName, CheckOutcome.Fail, 0, "talked before the greeting", Options.Action));
    }

    [LoggerMessage(114, LogLevel.Information, "PREGREET {Bytes} after {Seconds:0.00} from [{Client}]:{Port}")]
    private partial void LogPregreet(IPAddress client, int port, long bytes, double seconds);
}
