using System.CommandLine;
using System.Globalization;
using System.Net;

namespace SmtpLoad;

/// <summary>The modes for the Checks benchmarks: DNSBL lookups against a DNS server, a wave from one address, the delaying DNS relay.</summary>
internal static partial class LoadCommandLine
{
    private static Command CreateDnsbl()
    {
        var server = new Option<string>("--server") { Description = "DNS server as address:port (e.g. rbldnsd)", Required = true };
        var zone = new Option<string>("--zone") { Description = "DNSBL zone asked under", DefaultValueFactory = _ => "bl.bench.test" };
        var range = new Option<string>("--range") { Description = "IPv4 range the addresses are taken from, in order", DefaultValueFactory = _ => "10.1.0.0/16" };
        var addresses = new Option<int>("--addresses", "-n") { Description = "distinct addresses asked per run", DefaultValueFactory = _ => 10_000 };
        var warmupRange = new Option<string>("--warmup-range") { Description = "IPv4 range for the unmeasured warm-up", DefaultValueFactory = _ => "10.255.0.0/16" };
        var warmupQueries = new Option<int>("--warmup-queries") { Description = "questions asked before the first run (JIT)", DefaultValueFactory = _ => 2_000 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "questions in flight", DefaultValueFactory = _ => 50 };
        var runs = new Option<int>("--runs") { Description = "measured runs; the summary gives medians", DefaultValueFactory = _ => 3 };
        var timeout = new Option<double>("--dns-timeout") { Description = "seconds to wait for an answer (Dns:Timeout)", DefaultValueFactory = _ => 2 };
        var attempts = new Option<int>("--attempts") { Description = "tries per question (Dns:Attempts)", DefaultValueFactory = _ => 1 };
        var cache = new Option<bool>("--cache") { Description = "ask through CachingDnsResolver as the daemon does (every question misses)" };
        var command = new Command("dnsbl", "ask a DNSBL about N distinct addresses with SmtpShield's stub resolver; queries/s and latency")
        {
            server, s_serverPid, zone, range, addresses, warmupRange, warmupQueries, concurrency, runs, timeout, attempts, cache, s_json, s_markdown,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new DnsblLookupOptions(
                ParseEndPoint(parse.GetRequiredValue(server)),
                parse.GetRequiredValue(zone),
                parse.GetRequiredValue(range),
                Positive(parse.GetValue(addresses), "--addresses"),
                parse.GetRequiredValue(warmupRange),
                parse.GetValue(warmupQueries),
                Positive(parse.GetValue(concurrency), "--concurrency"),
                Positive(parse.GetValue(runs), "--runs"),
                TimeSpan.FromSeconds(parse.GetValue(timeout)),
                Positive(parse.GetValue(attempts), "--attempts"),
                parse.GetValue(cache),
                parse.GetValue(s_serverPid));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dnsbl: {options.Server}, zone {options.Zone}, {options.Addresses} addresses from {options.Range}, {options.Concurrency} in flight, {options.Runs} runs"));
            if (options.WarmupQueries > 0)
            {
                DnsblLookupRunResult warm = await DnsblLookupLoad.RunOnceAsync(options, warmup: true, cancellationToken);
                Console.WriteLine($"warm-up: {DnsblLookupReport.Line(warm)}");
            }

            var results = new List<DnsblLookupRunResult>();
            for (int i = 0; i < options.Runs; i++)
            {
                DnsblLookupRunResult run = await DnsblLookupLoad.RunOnceAsync(options, warmup: false, cancellationToken);
                results.Add(run);
                Console.WriteLine($"run {i + 1}: {DnsblLookupReport.Line(run)}");
            }

            string row = DnsblLookupReport.MarkdownRow(options, results);
            Console.WriteLine(DnsblLookupReport.MarkdownHeader);
            Console.WriteLine(row);
            ReportFiles.WriteJson(parse.GetValue(s_json), DnsblLookupReport.Json(options, results));
            ReportFiles.AppendMarkdownRow(parse.GetValue(s_markdown), DnsblLookupReport.MarkdownHeader, row);
            return results.All(r => r.Errors == 0) ? 0 : 2;
        });
        return command;
    }

    private static Command CreateWave()
    {
        var source = new Option<string>("--src") { Description = "the one client address every session binds", Required = true };
        var sessions = new Option<int>("--sessions", "-n") { Description = "concurrent sessions", DefaultValueFactory = _ => 1000 };
        var openParallel = new Option<int>("--open-parallel") { Description = "connections being opened at once", DefaultValueFactory = _ => 200 };
        var command = new Command("wave", "N sessions from one address: connect all, then run every dialogue at once; RCPT replies")
        {
            s_server, source, sessions, openParallel, s_expectRcpt, s_timeout, s_json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string text = parse.GetRequiredValue(source);
            var options = new WaveOptions(
                ParseEndPoint(parse.GetRequiredValue(s_server)),
                IPAddress.TryParse(text, out IPAddress? address) ? address : throw new ArgumentException($"--src wants one address, got '{text}'"),
                Positive(parse.GetValue(sessions), "--sessions"),
                Positive(parse.GetValue(openParallel), "--open-parallel"),
                TimeSpan.FromSeconds(parse.GetValue(s_timeout)),
                parse.GetValue(s_expectRcpt));
            WaveResult result = await Wave.RunAsync(options, cancellationToken);
            Console.WriteLine(WaveReport.Text(options, result));
            ReportFiles.WriteJson(parse.GetValue(s_json), WaveReport.Json(options, result));
            return result.Failed == 0 ? 0 : 2;
        });
        return command;
    }

    private static Command CreateDnsDelay()
    {
        var listen = new Option<string>("--listen") { Description = "UDP address:port to listen on (port 0: any free port, printed as LISTEN udp ADDRESS:PORT)", Required = true };
        var upstream = new Option<string>("--upstream") { Description = "DNS server as address:port", Required = true };
        var delay = new Option<double>("--delay-ms") { Description = "how long each query is held before it is forwarded", DefaultValueFactory = _ => 3000 };
        var command = new Command("dns-delay", "UDP relay that holds every DNS query for a while before forwarding it (makes coalescing visible); runs until SIGTERM")
        {
            listen, upstream, delay,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string listenText = parse.GetRequiredValue(listen);
            var options = new DnsDelayOptions(
                IPEndPoint.TryParse(listenText, out IPEndPoint? endPoint) ? endPoint : throw new ArgumentException($"--listen wants address:port, got '{listenText}'"),
                ParseEndPoint(parse.GetRequiredValue(upstream)),
                TimeSpan.FromMilliseconds(parse.GetValue(delay)),
                TimeSpan.FromSeconds(5));
            return await DnsDelayRelay.RunAsync(options, Console.Out, cancellationToken);
        });
        return command;
    }
}
