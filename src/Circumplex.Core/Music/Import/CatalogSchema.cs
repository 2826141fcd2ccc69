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
    /// <summary>
    /// Decided per value, for files matched by column names: a Python list when it starts with '[', else names joined
    /// by ';' (Exportify), else one name. Commas never split: "Tyler, The Creator" is one artist.
    /// </summary>
    Auto,
}

/// <summary>
/// Which column holds what. A known Spotify CSV layout is detected from the header by its <see cref="Signature"/>
/// columns, so that a leading unnamed index column or extra columns never matter; any other header is matched by
/// column meaning (<see cref="ColumnMatcher"/>), which yields a schema named <see cref="ByName"/> or <see cref="Given"/>.
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
    string Energy = "energy",
    string? Genre = null,
    string? Duration = null)
{
    /// <summary>The name of schemas found by matching column names to their meaning.</summary>
    public const string ByName = "by-column-names";

    /// <summary>The name of schemas where the user named some columns with --columns.</summary>
    public const string Given = "--columns";

    public IEnumerable<string> RequiredColumns => new[] { Id, Title, Artists, Valence, Energy }.Distinct();

    /// <summary>Whether this is one of <see cref="CatalogSchemas.All"/> rather than a mapping made for one file.</summary>
    public bool IsKnown => Signature.Length > 0;

    /// <summary>
    /// Field = column pairs, e.g. <c>id=Track URI, title=Track Name, …</c>; optional fields only when present. Genre and
    /// duration are recognised (so their columns are never taken for another field) but not stored yet, and say so.
    /// </summary>
    public string Columns => string.Join(", ", new (string Field, string? Column)[]
        {
            ("id", Id), ("title", Title), ("artists", Artists), ("valence", Valence), ("energy", Energy), ("album", Album),
            ("released", ReleaseDate), ("year", Year), ("popularity", Popularity), ("explicit", Explicit),
            ("genre", Genre is null ? null : Genre + " (not stored)"), ("duration", Duration is null ? null : Duration + " (not stored)"),
        }.Where(p => p.Column is not null).Select(p => $"{p.Field}={p.Column}"));

    /// <summary>What an import records and `catalog stats` shows: a known schema's name, else the name and the columns.</summary>
    public string Label => IsKnown ? Name : $"{Name}: {Columns}";
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

    /// <summary>
    /// The schema of a header: a known one when its signature columns are all there, else the columns matched by
    /// meaning. <paramref name="given"/> (from --columns) names columns for some fields and skips known schemas.
    /// Throws <see cref="CatalogFormatException"/> naming the candidates when a required field is missing or ambiguous.
    /// </summary>
    public static CatalogSchema Detect(IReadOnlyList<string> header, ColumnChoice? given = null)
    {
        if (given is null || given.IsEmpty)
        {
            var columns = new HashSet<string>(header.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase);
            foreach (var schema in All)
                if (schema.Signature.All(columns.Contains)) return schema;
        }
        return ColumnMatcher.Match(header, given ?? ColumnChoice.None);
    }
}
