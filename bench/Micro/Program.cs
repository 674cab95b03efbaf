using BenchmarkDotNet.Running;

// Micro-benchmarks of the text path. See bench/README.md.
//   dotnet run -c Release --project bench/Micro -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
