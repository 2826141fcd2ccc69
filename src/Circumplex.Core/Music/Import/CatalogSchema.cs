namespace Circumplex.Music.Import;

/// <summary>How artists are written in a schema's artists column.</summary>
public enum ArtistsFormat
{
    /// <summary>One name as it is.</summary>
    Single,
    /// <summary>A Python list literal, e.g. <c>['Uli', "Guns N' Roses"]</c> (Kaggle 600k tracks.csv, 1.2M tracks_features.csv).</summary>
    PythonList,
    /// <summary>Names joined by ';' (Hugging Face 114k dataset.csv).</summary>
    Semicolon,
}

/// <summary>
/// A known Spotify CSV layout: which column holds what. Detected from the header by its <see cref="Signature"/>
/// columns, so that a leading unnamed index column or extra columns never matter.
/// </summary>
public sealed record CatalogSchema(
    string Name,
    string Description,
    string[] Signature,
    string Id,
    string Title,
    string Artists,
    ArtistsFormat ArtistsFormat,
    string? Album = null,
    string? Year = null,
    string? ReleaseDate = null,
    string? Popularity = null,
    string? Explicit = null,
    string Valence = "valence",
    string Energy = "energy")
{
    public IEnumerable<string> RequiredColumns => new[] { Id, Title, Artists, Valence, Energy }.Distinct();
}

public static class CatalogSchemas
{
    /// <summary>Kaggle "Spotify Dataset 1921-2020, 600k+ Tracks" tracks.csv — the paper's catalog.</summary>
    public static readonly CatalogSchema Kaggle600k = new(
        "kaggle-600k", "Kaggle 'Spotify Dataset 1921-2020, 600k+ Tracks' tracks.csv",
        ["id", "name", "artists", "id_artists", "release_date", "valence", "energy"],
        Id: "id", Title: "name", Artists: "artists", ArtistsFormat: ArtistsFormat.PythonList,
        ReleaseDate: "release_date", Popularity: "popularity", Explicit: "explicit");

    /// <summary>Hugging Face / Kaggle "maharshipandya/spotify-tracks-dataset" dataset.csv (114k tracks).</summary>
    public static readonly CatalogSchema HuggingFace114k = new(
        "hf-114k", "Hugging Face 'spotify-tracks-dataset' dataset.csv (114k)",
        ["track_id", "artists", "album_name", "track_name", "track_genre", "valence", "energy"],
        Id: "track_id", Title: "track_name", Artists: "artists", ArtistsFormat: ArtistsFormat.Semicolon,
        Album: "album_name", Popularity: "popularity", Explicit: "explicit");

    /// <summary>Kaggle "Spotify 1.2M+ Songs" tracks_features.csv.</summary>
    public static readonly CatalogSchema Kaggle1200k = new(
        "kaggle-1.2m", "Kaggle 'Spotify 1.2M+ Songs' tracks_features.csv",
        ["id", "name", "album", "album_id", "artists", "artist_ids", "valence", "energy"],
        Id: "id", Title: "name", Artists: "artists", ArtistsFormat: ArtistsFormat.PythonList,
        Album: "album", Year: "year", ReleaseDate: "release_date", Explicit: "explicit");

    /// <summary>Kaggle "Spotify Audio Features" (April 2019) SpotifyAudioFeaturesApril2019.csv.</summary>
    public static readonly CatalogSchema AudioFeatures2019 = new(
        "audio-features-2019", "Kaggle 'Spotify Audio Features' SpotifyAudioFeaturesApril2019.csv",
        ["artist_name", "track_id", "track_name", "valence", "energy"],
        Id: "track_id", Title: "track_name", Artists: "artist_name", ArtistsFormat: ArtistsFormat.Single,
        Popularity: "popularity");

    /// <summary>Kaggle "Top Hits Spotify 2000-2022" playlist export.</summary>
    public static readonly CatalogSchema TopHits = new(
        "top-hits", "Kaggle 'Top Hits Spotify' playlist export",
        ["playlist_url", "track_id", "track_name", "artist_name", "valence", "energy"],
        Id: "track_id", Title: "track_name", Artists: "artist_name", ArtistsFormat: ArtistsFormat.Single,
        Album: "album", Year: "year", Popularity: "track_popularity");

    /// <summary>A Spotify Web API crawl by genre seed (id, name, artist, genre, ...).</summary>
    public static readonly CatalogSchema GenreCrawl = new(
        "genre-crawl", "Spotify Web API crawl with id,name,artist,genre columns",
        ["id", "name", "artist", "genre", "valence", "energy"],
        Id: "id", Title: "name", Artists: "artist", ArtistsFormat: ArtistsFormat.Single,
        ReleaseDate: "release_date", Popularity: "popularity", Explicit: "explicit");

    /// <summary>Kaggle "data_moods.csv" (music mood classification).</summary>
    public static readonly CatalogSchema Moods = new(
        "moods", "Kaggle 'data_moods.csv' (name,album,artist,id,...,mood)",
        ["name", "album", "artist", "id", "mood", "valence", "energy"],
        Id: "id", Title: "name", Artists: "artist", ArtistsFormat: ArtistsFormat.Single,
        Album: "album", ReleaseDate: "release_date", Popularity: "popularity");

    /// <summary>Most specific first: a header matching several signatures takes the first.</summary>
    public static IReadOnlyList<CatalogSchema> All { get; } =
        [Kaggle600k, Kaggle1200k, HuggingFace114k, TopHits, AudioFeatures2019, Moods, GenreCrawl];

    public static CatalogSchema Detect(IReadOnlyCollection<string> header)
    {
        var columns = new HashSet<string>(header.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase);
        foreach (var schema in All)
            if (schema.Signature.All(columns.Contains)) return schema;
        string known = string.Join("; ", All.Select(s => $"{s.Name} ({string.Join(",", s.Signature)})"));
        string shown = string.Join(",", header.Take(30));
        throw new CatalogFormatException(
            $"unknown schema: the header has columns [{shown}], but every known schema expects its columns: {known}");
    }
}
