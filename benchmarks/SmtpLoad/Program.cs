using System.CommandLine;
using SmtpLoad;

// SMTP load client: `sessions` (throughput and latency), `idle` (memory per held connection), and for the
// checks `dnsbl` (DNSBL lookups through SmtpShield's resolver), `wave` (many sessions from one address) and
// `dns-delay` (a DNS relay that delays answers). benchmarks/README.md explains them; benchmarks/run.sh
// drives them against a fresh daemon (and rbldnsd).
RootCommand root = LoadCommandLine.Create();
return await root.Parse(args).InvokeAsync();
