namespace Circumplex.Music;

/// <summary>One recommended song: its rank (1 = nearest), the song and its distance from the query point.</summary>
public sealed record Recommendation(int Rank, Song Song, double Distance);
