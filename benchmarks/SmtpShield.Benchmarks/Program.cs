using BenchmarkDotNet.Running;
using SmtpShield.Benchmarks;

// `--filter '*'` runs everything; `--job short` for a quick pass (benchmarks/README.md).
// `blocklist-kernel DRIVER BURST RESYNC`: the blocklist against a real kernel (run.sh part "blocklist").
if (args.Length > 0 && args[0] == "blocklist-kernel")
{
    return await BlocklistKernelRun.RunAsync(args);
}

// Not typeof(Program): the referenced daemon assembly has a Program of its own.
BenchmarkSwitcher.FromAssembly(typeof(CommandReaderBenchmarks).Assembly).Run(args);
return 0;
