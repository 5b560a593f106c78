using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmtpShield.Checks;
using SmtpShield.Checks.ReverseDns;
using SmtpShield.Listener;
using SmtpShield.Protocol;
using SmtpShield.Sessions;
using SmtpShield.Verdicts;

namespace SmtpShield.Admin.Cli;

/// <summary>
/// `smtpshield explain --ip A [--helo H] [--from F]`: runs the real checks, with the configured resolver,
/// lists and thresholds, for a client that is not there, and prints each result and the verdict.
/// </summary>
internal static class ExplainCommand
{
    public static async Task<int> RunAsync(string? configPath, string ip, string? helo, string? from, TextWriter output, TextWriter errorOutput)
    {
        if (!IPAddress.TryParse(ip, out IPAddress? given))
        {
            await errorOutput.WriteLineAsync($"smtpshield: '{ip}' is not an IP address");
            return ExitCodes.Failure;
        }

        // As the listener does for a real connection.
        IPAddress client = ClientAddress.Normalize(given);

        if (!ConfigurationLoading.TryLoadValid(configPath, errorOutput, out IConfigurationRoot configuration, out _))
        {
            return ExitCodes.ConfigurationError;
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole());
        services.AddSmtpShield(configuration);
        await using ServiceProvider provider = services.BuildServiceProvider();
        CheckPipeline pipeline = provider.GetRequiredService<CheckPipeline>();

        using SessionChecks checks = pipeline.Begin(client, new IPEndPoint(IPAddress.Any, 25));
        checks.OnConnect();
        if (!string.IsNullOrWhiteSpace(helo))
        {
            SmtpCommandParser.Parse(Encoding.UTF8.GetBytes($"EHLO {helo}"), LineFlags.None, out SmtpCommand parsed);
            checks.OnHelo(helo, parsed.HeloKind);
        }

        if (from is not null)
        {
            checks.OnMail(from);
        }

        Verdict verdict = await checks.DecideAsync(CancellationToken.None);
        await output.WriteLineAsync(await DescribeAsync(client, helo, from, checks, verdict, provider.GetRequiredService<SessionReplies>()));
        return ExitCodes.Ok;
    }

    private static async Task<string> DescribeAsync(IPAddress client, string? helo, string? from, SessionChecks checks, Verdict verdict, SessionReplies replies)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"client   [{client}]{(helo is null ? string.Empty : $" helo={helo}")}{(from is null ? string.Empty : $" from=<{from}>")}");
        if (checks.Subject.ReverseDns is { } pending)
        {
            ReverseDnsResult rdns = await pending;
            string names = rdns.PtrNames.Count == 0 ? "none" : string.Join(", ", rdns.PtrNames);
            text.AppendLine(invariant, $"rdns     {rdns.Status.ToString().ToLowerInvariant()}; PTR: {names}");
        }

        if (verdict.Evidence.Count == 0)
        {
            text.AppendLine(invariant, $"checks   none run: {verdict.Reason}");
        }

        foreach (CheckResult result in verdict.Evidence)
        {
            text.AppendLine(invariant,
                $"check    {result.Check,-8} {result.Outcome.ToString().ToLowerInvariant(),-16} score {result.Score,5:0.##}  action {result.Action.ToString().ToLowerInvariant(),-7} {result.Reason}");
        }

        text.AppendLine(invariant, $"verdict  {verdict.Action.ToString().ToLowerInvariant()} (total score {verdict.Score:0.##}): {verdict.Reason}");
        string reply = verdict.Action switch
        {
            VerdictAction.Reject => VerdictReplies.Rejected(client, verdict.Reason).ToString(),
            VerdictAction.Drop => VerdictReplies.Dropped(replies.Hostname, client, verdict.Reason).ToString(),
            VerdictAction.TempFail => VerdictReplies.TemporarilyRefused(verdict.Reason).ToString(),
            _ => "relayed: the session is handed to the backend, whose reply the client gets",
        };
        text.Append(invariant, $"reply    at RCPT TO: {reply}");
        return text.ToString();
    }
}
