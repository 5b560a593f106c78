using BenchmarkDotNet.Running;

// `--filter '*'` runs everything; `--job short` for a quick pass (benchmarks/README.md).
// Not typeof(Program): the referenced daemon assembly has a Program of its own.
BenchmarkSwitcher.FromAssembly(typeof(SmtpShield.Benchmarks.CommandReaderBenchmarks).Assembly).Run(args);
