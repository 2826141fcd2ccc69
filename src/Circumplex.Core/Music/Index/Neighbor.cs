namespace Circumplex.Music.Index;

/// <summary>A song found near a query: its position in the list the index was built from, its id and its Euclidean distance.</summary>
public readonly record struct Neighbor(int Position, string Id, double Distance);
