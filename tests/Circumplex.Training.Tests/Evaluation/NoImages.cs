using Circumplex.Training.Data;

namespace Circumplex.Tests.Training.Evaluation;

/// <summary>An image store for datasets whose labels alone are under test.</summary>
internal sealed class NoImages : IImageStore
{
    public byte[] Read(string key) => throw new NotSupportedException("these tests read labels only");
    public bool Contains(string key) => false;
    public void Dispose() { }
}
