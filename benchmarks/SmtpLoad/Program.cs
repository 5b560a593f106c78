using System.CommandLine;
using SmtpLoad;

// SMTP load client: `sessions` (throughput and latency) and `idle` (memory per held connection).
// benchmarks/README.md explains both; benchmarks/run.sh drives them against a fresh daemon.
RootCommand root = LoadCommandLine.Create();
return await root.Parse(args).InvokeAsync();
