using System.CommandLine;
using System.Globalization;
using System.Net;

namespace SmtpLoad;

/// <summary>The command line: one subcommand per mode, options shared where they mean the same thing.</summary>
internal static partial class LoadCommandLine
{
    private static readonly Option<string> s_server = new("--server")
    {
        Description = "SMTP server as address:port",
        Required = true,
    };

    private static readonly Option<int?> s_serverPid = new("--server-pid")
    {
        Description = "server process id, for its CPU time and memory from /proc",
    };

    private static readonly Option<double> s_timeout = new("--timeout")
    {
        Description = "seconds one session (or one banner) may take before it counts as failed",
        DefaultValueFactory = _ => 30,
    };

    private static readonly Option<int?> s_expectRcpt = new("--expect-rcpt")
    {
        Description = "RCPT reply every session must get: a code (554 for a listed client) or a class digit (5: any 5xx); any other counts as a failed session",
    };

    private static readonly Option<string?> s_json = new("--json") { Description = "write the result as JSON to this file" };

    private static readonly Option<string?> s_markdown = new("--markdown")
    {
        Description = "append the result as a markdown table row to this file (header first if new)",
    };

    public static RootCommand Create()
    {
        var root = new RootCommand("SMTP load client for SmtpShield benchmarks")
        {
            CreateSessions(),
            CreateIdle(),
            CreateDnsbl(),
            CreateWave(),
            CreateDnsDelay(),
            CreateSpamWave(),
        };
        return root;
    }

    private static Command CreateSessions()
    {
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "concurrent clients", DefaultValueFactory = _ => 50 };
        var duration = new Option<double>("--duration", "-d") { Description = "measured seconds per run", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "seconds before each measured window", DefaultValueFactory = _ => 2 };
        var runs = new Option<int>("--runs") { Description = "measured runs; the summary gives medians", DefaultValueFactory = _ => 1 };
        var sources = new Option<string>("--src") { Description = "IPv4 range of client source addresses", DefaultValueFactory = _ => "127.1.0.0/16" };
        var messageSize = new Option<int>("--message-size")
        {
            Description = "octets of a message each session delivers after RCPT (DATA, 354, message, 250); 0: none",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("sessions", "C clients run connect, banner, EHLO, MAIL, RCPT, [DATA, message,] QUIT, 221, close in a loop")
        {
            s_server, s_serverPid, concurrency, duration, warmup, runs, sources, s_expectRcpt, messageSize, s_timeout, s_json, s_markdown,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SessionLoadOptions(
                ParseEndPoint(parse.GetRequiredValue(s_server)),
                SourceAddressPool.Parse(parse.GetRequiredValue(sources)),
                Positive(parse.GetValue(concurrency), "--concurrency"),
                TimeSpan.FromSeconds(parse.GetValue(warmup)),
                TimeSpan.FromSeconds(parse.GetValue(duration)),
                Positive(parse.GetValue(runs), "--runs"),
                TimeSpan.FromSeconds(parse.GetValue(s_timeout)),
                parse.GetValue(s_serverPid),
                parse.GetValue(s_expectRcpt),
                parse.GetValue(messageSize) > 0 ? SessionDialogue.Message(parse.GetValue(messageSize)) : null);
            return await RunSessionsAsync(options, parse.GetValue(s_json), parse.GetValue(s_markdown), cancellationToken);
        });
        return command;
    }

    private static Command CreateIdle()
    {
        var connections = new Option<int>("--connections", "-n") { Description = "connections to hold", DefaultValueFactory = _ => 1000 };
        var hold = new Option<double>("--hold") { Description = "seconds to hold them silently", DefaultValueFactory = _ => 20 };
        var openParallel = new Option<int>("--open-parallel") { Description = "connections being opened at once", DefaultValueFactory = _ => 200 };
        var warmupSessions = new Option<int>("--warmup-sessions")
        {
            Description = "full sessions run before the baseline sample (JIT and first allocations)",
            DefaultValueFactory = _ => 200,
        };
        var sources = new Option<string>("--src") { Description = "IPv4 range of the held connections' addresses", DefaultValueFactory = _ => "127.2.0.0/16" };
        var probeSources = new Option<string>("--probe-src") { Description = "IPv4 range for warm-up and probe sessions", DefaultValueFactory = _ => "127.3.0.0/16" };
        var serverPid = new Option<int>("--server-pid") { Description = "server process id (its PSS is measured)", Required = true };
        var command = new Command("idle", "hold N connections after the banner; report the server's PSS per connection")
        {
            s_server, serverPid, connections, hold, openParallel, warmupSessions, sources, probeSources, s_timeout, s_json, s_markdown,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new IdleHoldOptions(
                ParseEndPoint(parse.GetRequiredValue(s_server)),
                SourceAddressPool.Parse(parse.GetRequiredValue(sources)),
                SourceAddressPool.Parse(parse.GetRequiredValue(probeSources)),
                Positive(parse.GetValue(connections), "--connections"),
                TimeSpan.FromSeconds(parse.GetValue(hold)),
                Positive(parse.GetValue(openParallel), "--open-parallel"),
                parse.GetValue(warmupSessions),
                TimeSpan.FromSeconds(parse.GetValue(s_timeout)),
                parse.GetValue(serverPid));
            IdleHoldResult result = await IdleHold.RunAsync(options, Console.Out, cancellationToken);
            Console.WriteLine(IdleReport.Text(result));
            ReportFiles.WriteJson(parse.GetValue(s_json), IdleReport.Json(options, result));
            ReportFiles.AppendMarkdownRow(parse.GetValue(s_markdown), IdleReport.MarkdownHeader, IdleReport.MarkdownRow(result));
            return result.ProbeOk && result.Held == result.Requested ? 0 : 2;
        });
        return command;
    }

    private static async Task<int> RunSessionsAsync(SessionLoadOptions options, string? json, string? markdown, CancellationToken cancellationToken)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sessions: {options.Server}, {options.Concurrency} clients, {options.Runs} × ({options.Warmup.TotalSeconds:F0} s warm-up + {options.Duration.TotalSeconds:F0} s), sources {options.Sources.Count} addresses"));
        var runs = new List<SessionRunResult>();
        for (int i = 0; i < options.Runs; i++)
        {
            SessionRunResult run = await SessionLoad.RunOnceAsync(options, cancellationToken);
            runs.Add(run);
            Console.WriteLine($"run {i + 1}: {SessionReport.Line(run)}");
        }

        string row = SessionReport.MarkdownRow(options, runs);
        Console.WriteLine(SessionReport.MarkdownHeader);
        Console.WriteLine(row);
        ReportFiles.WriteJson(json, SessionReport.Json(options, runs));
        ReportFiles.AppendMarkdownRow(markdown, SessionReport.MarkdownHeader, row);
        return runs.All(r => r.Completed > 0) ? 0 : 2;
    }

    private static IPEndPoint ParseEndPoint(string text) =>
        IPEndPoint.TryParse(text, out IPEndPoint? endPoint) && endPoint.Port != 0
            ? endPoint
            : throw new ArgumentException($"--server wants address:port, got '{text}'");

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive, got {value}");
}
