using BenchmarkDotNet.Running;

// Micro-benchmarks for the hot paths: `dotnet run -c Release --project bench/Metronome.Benchmarks -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
