namespace Circumplex.Music.Import;

/// <summary>What a catalog column can mean. The first five are required; the rest are read when a column holds them.</summary>
public enum CatalogField
{
    Id, Title, Artists, Valence, Energy, Album, ReleaseDate, Year, Popularity, Explicit, Genre, Duration,
}

/// <summary>The names a field goes by: its key in --columns and in messages, and the column names real exports use.</summary>
public static class CatalogFields
{
    public static readonly CatalogField[] Required = [CatalogField.Id, CatalogField.Title, CatalogField.Artists, CatalogField.Valence, CatalogField.Energy];

    public static bool IsRequired(CatalogField field) => field <= CatalogField.Energy;

    /// <summary>The key of a field in <c>--columns id=…,title=…</c> and in schema labels.</summary>
    public static string Key(CatalogField field) => field switch
    {
        CatalogField.ReleaseDate => "released",
        _ => field.ToString().ToLowerInvariant(),
    };

    /// <summary>A field from its --columns key; a few everyday aliases are accepted.</summary>
    public static CatalogField? FromKey(string key) => Normalize(key) switch
    {
        "id" or "trackid" or "uri" => CatalogField.Id,
        "title" or "name" or "trackname" or "song" => CatalogField.Title,
        "artists" or "artist" => CatalogField.Artists,
        "valence" => CatalogField.Valence,
        "energy" => CatalogField.Energy,
        "album" => CatalogField.Album,
        "released" or "releasedate" or "date" => CatalogField.ReleaseDate,
        "year" => CatalogField.Year,
        "popularity" => CatalogField.Popularity,
        "explicit" => CatalogField.Explicit,
        "genre" or "genres" => CatalogField.Genre,
        "duration" or "durationms" or "length" => CatalogField.Duration,
        _ => null,
    };

    /// <summary>
    /// Column names by preference tier, normalised (<see cref="Normalize"/>). A field takes the column of its first
    /// tier that has any; two columns in that tier make it ambiguous. Lower tiers only count when higher ones are absent
    /// (a file with both <c>id</c> and <c>uri</c> uses <c>id</c>).
    /// </summary>
    public static string[][] Synonyms(CatalogField field) => field switch
    {
        CatalogField.Id => [["trackid", "spotifyid", "spotifytrackid", "id"], ["trackuri", "spotifyuri", "uri", "trackurl", "spotifyurl", "url", "tracklink", "link"]],
        CatalogField.Title => [["trackname", "songname", "tracktitle", "songtitle", "title", "name"], ["track", "song"]],
        CatalogField.Artists => [["artists", "artist", "artistname", "artistnames", "artistsnames", "trackartist", "trackartists", "performer", "performers"],
            ["albumartist", "albumartists", "albumartistname", "albumartistnames"]],
        CatalogField.Valence => [["valence", "trackvalence"]],
        CatalogField.Energy => [["energy", "trackenergy"]],
        CatalogField.Album => [["album", "albumname", "trackalbumname", "trackalbum", "albumtitle"]],
        CatalogField.ReleaseDate => [["releasedate", "trackalbumreleasedate", "albumreleasedate", "released"]],
        CatalogField.Year => [["year", "releaseyear", "albumyear"]],
        CatalogField.Popularity => [["popularity", "trackpopularity", "songpopularity"]],
        CatalogField.Explicit => [["explicit", "isexplicit", "trackexplicit"]],
        CatalogField.Genre => [["genre", "trackgenre", "songgenre"], ["genres", "playlistgenre", "artistgenres", "artistgenre"]],
        CatalogField.Duration => [["durationms", "duration", "lengthms", "length", "tracklength", "trackduration"]],
        _ => [],
    };

    /// <summary>A column name compared by meaning: lower case, letters and digits only ("Artist Name(s)" → "artistnames").</summary>
    public static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 256)];
        int n = 0;
        foreach (char c in name)
            if (char.IsLetterOrDigit(c) && n < buffer.Length) buffer[n++] = char.ToLowerInvariant(c);
        return new string(buffer[..n]);
    }
}
