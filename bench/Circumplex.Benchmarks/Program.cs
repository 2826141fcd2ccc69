using BenchmarkDotNet.Running;

// `-- --catalog-fixture` writes the generated 600k-row tracks.csv (once) and prints its path, for whole-command timings.
if (args is ["--catalog-fixture"])
{
    Console.WriteLine(Circumplex.Benchmarks.CatalogFixture.Path600k());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Circumplex.Benchmarks.CatalogFixture).Assembly).Run(args);
