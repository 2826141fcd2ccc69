namespace Circumplex.Music.Index;

/// <summary>A song found near a query: its position in the index's id-sorted order, its id and its Euclidean distance.</summary>
public readonly record struct Neighbor(int Rank, string Id, double Distance);
