using System.CommandLine;
using SmtpLoad;

// SMTP load client: `sessions` (throughput and latency), `idle` (memory per held connection), for the checks
// `dnsbl` (DNSBL lookups through SmtpShield's resolver), `wave` (many sessions from one address) and `dns-delay`
// (a DNS relay that delays answers), and for the waves `spamwave` (listed clients held at RCPT while a clean
// client delivers). benchmarks/README.md explains them; benchmarks/run.sh drives them against a fresh daemon
// (and rbldnsd, and a backend).
RootCommand root = LoadCommandLine.Create();
return await root.Parse(args).InvokeAsync();
