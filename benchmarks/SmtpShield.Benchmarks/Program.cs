using BenchmarkDotNet.Running;

// `--filter '*'` runs everything; `--job short` for a quick pass (benchmarks/README.md).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
