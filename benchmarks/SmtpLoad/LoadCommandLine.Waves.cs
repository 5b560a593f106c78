using System.CommandLine;

namespace SmtpLoad;

/// <summary>The mode for the Waves benchmarks: a spam wave of listed clients held at RCPT while a clean client delivers.</summary>
internal static partial class LoadCommandLine
{
    private static Command CreateSpamWave()
    {
        var connections = new Option<int>("--connections", "-n") { Description = "listed clients held at RCPT", DefaultValueFactory = _ => 14_250 };
        var sources = new Option<string>("--src")
        {
            Description = "IPv4 range (DNSBL-listed) of the listed clients' addresses, one connection per address while the range lasts",
            DefaultValueFactory = _ => "127.60.0.0/16",
        };
        var openParallel = new Option<int>("--open-parallel") { Description = "listed connections being opened at once", DefaultValueFactory = _ => 200 };
        var openTimeout = new Option<double>("--open-timeout")
        {
            Description = "seconds for every listed client to reach RCPT before the measurement goes on without the rest",
            DefaultValueFactory = _ => 120,
        };
        var replyTimeout = new Option<double>("--reply-timeout")
        {
            Description = "seconds a listed client waits for its (stuttered) RCPT reply",
            DefaultValueFactory = _ => 90,
        };
        var cleanSources = new Option<string>("--clean-src")
        {
            Description = "IPv4 range (not listed) of the clean client's addresses, a new one every session",
            DefaultValueFactory = _ => "127.61.0.0/16",
        };
        var cleanParallel = new Option<int>("--clean-parallel") { Description = "clean sessions at once", DefaultValueFactory = _ => 4 };
        var cleanPause = new Option<double>("--clean-pause-ms")
        {
            Description = "milliseconds each clean client waits between its sessions; 0: back to back",
            DefaultValueFactory = _ => 100,
        };
        var heldClean = new Option<int>("--held-clean")
        {
            Description = "clean clients from --clean-src that say EHLO and sit silent through the wave (each must still answer NOOP at the end)",
            DefaultValueFactory = _ => 0,
        };
        var jitWarmup = new Option<double>("--jit-warmup") { Description = "seconds of clean deliveries before anything is measured", DefaultValueFactory = _ => 8 };
        var baseline = new Option<double>("--baseline") { Description = "seconds the clean client is measured before the wave", DefaultValueFactory = _ => 10 };
        var duration = new Option<double>("--duration", "-d") { Description = "seconds the clean client is measured while the wave is held", DefaultValueFactory = _ => 30 };
        var messageSize = new Option<int>("--message-size") { Description = "octets of the clean client's message", DefaultValueFactory = _ => 1024 };
        var serverPid = new Option<int>("--server-pid") { Description = "server process id (its PSS and CPU are measured)", Required = true };
        var command = new Command("spamwave", "N listed clients stop at RCPT and stay connected while a clean client delivers; clean latency, server PSS per held connection and CPU")
        {
            s_server, serverPid, connections, sources, openParallel, openTimeout, replyTimeout, cleanSources, cleanParallel, cleanPause, heldClean,
            jitWarmup, baseline, duration, messageSize, s_timeout, s_json, s_markdown,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SpamWaveOptions(
                ParseEndPoint(parse.GetRequiredValue(s_server)),
                parse.GetValue(serverPid),
                SourceAddressPool.Parse(parse.GetRequiredValue(sources)),
                Positive(parse.GetValue(connections), "--connections"),
                Positive(parse.GetValue(openParallel), "--open-parallel"),
                TimeSpan.FromSeconds(parse.GetValue(openTimeout)),
                TimeSpan.FromSeconds(parse.GetValue(replyTimeout)),
                SourceAddressPool.Parse(parse.GetRequiredValue(cleanSources)),
                Positive(parse.GetValue(cleanParallel), "--clean-parallel"),
                TimeSpan.FromMilliseconds(parse.GetValue(cleanPause)),
                TimeSpan.FromSeconds(parse.GetValue(jitWarmup)),
                TimeSpan.FromSeconds(parse.GetValue(baseline)),
                TimeSpan.FromSeconds(parse.GetValue(duration)),
                TimeSpan.FromSeconds(parse.GetValue(s_timeout)),
                SessionDialogue.Message(Positive(parse.GetValue(messageSize), "--message-size")),
                Math.Max(0, parse.GetValue(heldClean)));
            Console.WriteLine($"spamwave: {options.Server}, {options.Connections} listed clients from {options.Sources.Count} addresses, " +
                $"{options.CleanParallel} clean clients from {options.CleanSources.Count} addresses, {options.CleanPause.TotalMilliseconds:F0} ms between sessions, {options.HeldClean} clean clients held silent after EHLO");
            SpamWaveResult result = await SpamWave.RunAsync(options, Console.Out, cancellationToken);
            string row = SpamWaveReport.MarkdownRow(result);
            Console.WriteLine(SpamWaveReport.Text(options, result));
            Console.WriteLine(SpamWaveReport.MarkdownHeader);
            Console.WriteLine(row);
            ReportFiles.WriteJson(parse.GetValue(s_json), SpamWaveReport.Json(options, result));
            ReportFiles.AppendMarkdownRow(parse.GetValue(s_markdown), SpamWaveReport.MarkdownHeader, row);
            // A refused clean session or a wave that never fully formed fails the run; the latency and memory targets are reported.
            return result.NoRefusedClean && result.CleanBefore.Failed == 0 && result.HeldCleanOpened == options.HeldClean && result.AllAtRcpt && result.AtHeldSample.Held == options.Connections ? 0 : 2;
        });
        return command;
    }
}
