using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Circumplex.Benchmarks.CatalogFixture).Assembly).Run(args);
