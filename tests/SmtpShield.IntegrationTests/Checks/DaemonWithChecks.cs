using System.Globalization;
using System.Net;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// Settings for a daemon whose checks judge loopback clients: the embedded default allowlists 127.0.0.0/8
/// and ::1, so both entries are replaced by TEST-NET networks no test client uses. DNS goes to the test's
/// server only, one try of one second, so failures are fast; only the DNSBL check runs unless a test
/// turns the others back on.
/// </summary>
internal static class DaemonWithChecks
{
    public static (string Key, string? Value)[] Settings(string dnsServer, string[] zones, params (string Key, string? Value)[] overrides)
    {
        List<(string Key, string? Value)> settings =
        [
            .. DaemonUnderTest.LoopbackNotAllowed,
            ("Policy:CheckTimeout", "00:00:02"),
            ("Dns:Servers:0", dnsServer),
            ("Dns:Timeout", "00:00:01"),
            ("Dns:Attempts", "1"),
            ("ReverseDns:Enabled", "false"),
            ("Helo:Enabled", "false"),
        ];
        settings.AddRange(zones.Select((zone, i) => ($"Dnsbl:Zones:{i.ToString(CultureInfo.InvariantCulture)}", (string?)zone)));
        settings.AddRange(overrides);
        return [.. settings];
    }

    /// <summary>One lock-step dialogue from <paramref name="client"/> up to RCPT TO; returns the RCPT reply, where the verdict shows.</summary>
    public static async Task<ParsedReply> RcptReplyAsync(DaemonUnderTest daemon, IPAddress client)
    {
        await using SmtpTestClient smtp = await SmtpTestClient.ConnectAndGreetAsync(daemon.SmtpEndPoint, client);
        await smtp.ExpectAsync(250, "HELO client.example");
        await smtp.ExpectAsync(250, "MAIL FROM:<sender@example.net>");
        return await smtp.CommandAsync("RCPT TO:<rcpt@example.org>");
    }
}
