using Circumplex.Music;
using Circumplex.Music.Import;
using nietras.SeparatedValues;
using Xunit;

namespace Circumplex.Tests.Music;

/// <summary>
/// Real catalogs from ../shared/data rewritten the way other exports write them (renamed, reordered and extra columns,
/// URIs and links for ids); each rewrite is made here in a temporary folder and must give exactly the songs of the original.
/// </summary>
public class ColumnMatchingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-columns-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Rewrites a CSV: each output column is a name and a function of the original row's fields by name.</summary>
    private string Rewrite(string source, string name, (string Column, Func<Func<string, string>, string> Value)[] columns, bool quoteAll = false)
    {
        string path = Path.Combine(_dir, name);
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(source);
        using var output = new StreamWriter(path);
        output.WriteLine(string.Join(",", columns.Select(c => Quote(c.Column, quoteAll))));
        var names = reader.Header.ColNames;
        foreach (var row in reader)
        {
            var fields = new Dictionary<string, string>();
            foreach (var n in names) fields[n] = row[n].ToString();
            string Get(string column) => fields[column];
            output.WriteLine(string.Join(",", columns.Select(c => Quote(c.Value(Get), quoteAll))));
        }
        return path;
    }

    private static string Quote(string field, bool always) =>
        always || field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    private static void AssertSameSongs(IReadOnlyList<Song> expected, IReadOnlyList<Song> actual, bool album = true, bool popularity = true, bool isExplicit = true, bool year = true)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e.Id, a.Id);
            Assert.Equal(e.Title, a.Title);
            // Exportify joins artists with ';', which cannot be undone for a name that holds one itself.
            if (!e.Artists.Any(name => name.Contains(';'))) Assert.Equal(e.Artists, a.Artists);
            Assert.Equal(e.SpotifyValence, a.SpotifyValence);
            Assert.Equal(e.SpotifyEnergy, a.SpotifyEnergy);
            if (album) Assert.Equal(e.Album, a.Album);
            if (popularity) Assert.Equal(e.Popularity, a.Popularity);
            if (isExplicit) Assert.Equal(e.Explicit, a.Explicit);
            if (year) Assert.Equal(e.Year, a.Year);
        }
    }

    [Fact]
    public void The_114k_file_with_renamed_and_reordered_columns_gives_the_same_songs()
    {
        string source = SharedData.Require("catalogs/hf114k_sample2k/spotify_sample.csv");
        var original = CatalogReader.Read(source);
        // The columns of the "30000 Spotify songs" export (tidytuesday spotify_songs.csv), in its order, ids as links.
        string path = Rewrite(source, "spotify_songs.csv",
        [
            ("track_id", f => $"https://open.spotify.com/intl-de/track/{f("track_id")}?si=0123abcd"),
            ("track_name", f => f("track_name")),
            ("track_artist", f => f("artists")),
            ("track_popularity", f => f("popularity")),
            ("track_album_name", f => f("album_name")),
            ("playlist_genre", f => f("track_genre")),
            ("energy", f => f("energy")),
            ("Is Explicit", f => f("explicit")),
            ("valence", f => f("valence")),
            ("duration_ms", f => f("duration_ms")),
        ]);
        var renamed = CatalogReader.Read(path);
        Assert.Equal(CatalogSchema.ByName, renamed.Schema.Name);
        Assert.Equal("track_id", renamed.Schema.Id);
        Assert.Equal("track_artist", renamed.Schema.Artists);
        Assert.Equal("track_album_name", renamed.Schema.Album);
        Assert.Equal("playlist_genre", renamed.Schema.Genre);
        Assert.Contains("genre=playlist_genre (not stored), duration=duration_ms (not stored)", renamed.Schema.Columns);
        Assert.Contains("popularity=track_popularity", renamed.Schema.Label);
        Assert.Empty(renamed.Errors);
        AssertSameSongs(original.Songs, renamed.Songs);
    }

    [Fact]
    public void An_exportify_playlist_export_imports_with_uris_semicolon_artists_and_quoted_headers()
    {
        string source = SharedData.Require("catalogs/tracks600k_first5000/tracks.csv");
        var original = CatalogReader.Read(source);
        static string Artists(string pythonList)
        {
            var names = new List<string>();
            Assert.True(PythonListParser.TryParse(pythonList, names, out _));
            return string.Join(";", names);
        }
        // Exportify quotes every field and names columns in words; extra columns it has are kept.
        string path = Rewrite(source, "exportify.csv",
        [
            ("Track URI", f => "spotify:track:" + f("id")),
            ("Track Name", f => f("name")),
            ("Artist URI(s)", f => "spotify:artist:" + f("id_artists")[2..24]),
            ("Artist Name(s)", f => Artists(f("artists"))),
            ("Album Name", _ => ""),
            ("Album Artist Name(s)", _ => "Various Artists"),
            ("Release Date", f => f("release_date")),
            ("Duration (ms)", f => f("duration_ms")),
            ("Popularity", f => f("popularity")),
            ("Explicit", f => f("explicit") == "1" ? "true" : "false"),
            ("Added By", _ => "spotify:user:someone"),
            ("Added At", _ => "2024-01-02T03:04:05Z"),
            ("Genres", _ => "pop,rock"),
            ("Danceability", f => f("danceability")),
            ("Energy", f => f("energy")),
            ("Valence", f => f("valence")),
        ], quoteAll: true);
        var export = CatalogReader.Read(path);
        Assert.Equal(CatalogSchema.ByName, export.Schema.Name);
        Assert.Equal("Track URI", export.Schema.Id);
        Assert.Equal("Artist Name(s)", export.Schema.Artists);
        Assert.Equal("Release Date", export.Schema.ReleaseDate);
        Assert.Equal("Duration (ms)", export.Schema.Duration);
        Assert.Empty(export.Errors);
        AssertSameSongs(original.Songs, export.Songs, album: false);
        Assert.Contains(export.Songs, s => s.Artists.Count > 1);
    }

    [Fact]
    public void Two_columns_that_could_be_the_id_are_an_error_naming_both_and_the_option_that_settles_it()
    {
        string source = SharedData.Require("catalogs/audio_features_2019_sample4k/spotify_sample.csv");
        var original = CatalogReader.Read(source);
        string path = Rewrite(source, "two-ids.csv",
        [
            ("Spotify ID", f => f("track_id")),
            ("Track ID", f => f("track_id")[..10]),
            ("Song", f => f("track_name")),
            ("Artist", f => f("artist_name")),
            ("Valence", f => f("valence")),
            ("Energy", f => f("energy")),
        ]);
        var e = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(path));
        Assert.Contains("id could be any of the columns 'Spotify ID', 'Track ID'", e.Message);
        Assert.Contains("--columns id=", e.Message);
        Assert.Contains("upload form", e.Message);

        var settled = CatalogReader.Read(path, new CatalogReadOptions { Columns = ColumnChoice.Parse("id=spotify id") });
        Assert.Empty(settled.Errors.Select(e => e.ToString()));
        Assert.Equal(CatalogSchema.Given, settled.Schema.Name);
        Assert.Equal("Spotify ID", settled.Schema.Id);
        AssertSameSongs(original.Songs, settled.Songs, popularity: false);
    }

    [Fact]
    public void A_missing_required_column_is_named_and_given_columns_must_exist()
    {
        string source = SharedData.Require("catalogs/moods686/data_moods.csv");
        string path = Rewrite(source, "no-valence.csv",
        [
            ("id", f => f("id")), ("name", f => f("name")), ("artist", f => f("artist")), ("mood score", f => f("valence")), ("energy", f => f("energy")),
        ]);
        var e = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(path));
        Assert.Contains("no column holds valence", e.Message);
        Assert.Contains("[id,name,artist,mood score,energy]", e.Message);
        Assert.Contains("--columns", e.Message);

        var given = CatalogReader.Read(path, new CatalogReadOptions { Columns = ColumnChoice.Parse("valence=Mood Score") });
        Assert.Equal(686, given.Songs.Count);
        Assert.Contains("valence=mood score", given.Schema.Label);
        var wrong = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(path, new CatalogReadOptions { Columns = ColumnChoice.Parse("valence=happiness") }));
        Assert.Contains("there is no column 'happiness' (named for valence)", wrong.Message);
    }

    [Fact]
    public void A_known_schema_with_renamed_columns_is_matched_by_meaning_and_keeps_its_python_lists()
    {
        string source = SharedData.Require("catalogs/tracks1200k_sample5k/tracks_mid_5k.csv");
        var original = CatalogReader.Read(source);
        string path = Rewrite(source, "renamed.csv",
        [
            ("VALENCE", f => f("valence")), ("Energy ", f => f("energy")), ("Track-Title", f => f("name")), ("Artists", f => f("artists")),
            ("ID", f => f("id")), ("Album", f => f("album")), ("Year", f => f("year")), ("Explicit", f => f("explicit")),
        ]);
        var renamed = CatalogReader.Read(path);
        Assert.Equal(CatalogSchema.ByName, renamed.Schema.Name);
        AssertSameSongs(original.Songs, renamed.Songs, popularity: false);
    }

    [Theory]
    [InlineData("4iJyoBOLtHqaGxP12qzhQI", "4iJyoBOLtHqaGxP12qzhQI")]
    [InlineData(" spotify:track:4iJyoBOLtHqaGxP12qzhQI ", "4iJyoBOLtHqaGxP12qzhQI")]
    [InlineData("https://open.spotify.com/track/4iJyoBOLtHqaGxP12qzhQI", "4iJyoBOLtHqaGxP12qzhQI")]
    [InlineData("https://open.spotify.com/intl-es/track/4iJyoBOLtHqaGxP12qzhQI?si=9f8e7d", "4iJyoBOLtHqaGxP12qzhQI")]
    [InlineData("open.spotify.com/embed/track/4iJyoBOLtHqaGxP12qzhQI/", "4iJyoBOLtHqaGxP12qzhQI")]
    [InlineData("spotify:album:4iJyoBOLtHqaGxP12qzhQI", null)]
    [InlineData("https://open.spotify.com/track/4iJyoBOLtHqaGxP12qzhQIxx", null)]
    [InlineData("spotify:track:short", null)]
    [InlineData("", null)]
    public void Track_ids_come_from_ids_uris_and_links(string text, string? expected)
    {
        bool ok = SpotifyTrackId.TryExtract(text, out var id);
        Assert.Equal(expected is not null, ok);
        if (ok) Assert.Equal(expected, id.ToString());
    }

    [Fact]
    public void Column_choices_are_parsed_and_bad_ones_explained()
    {
        var c = ColumnChoice.Parse("id=Track URI, title = Track Name ,artists=Artist Name(s),released=Release Date");
        Assert.Equal("Track URI", c.Columns[CatalogField.Id]);
        Assert.Equal("Track Name", c.Columns[CatalogField.Title]);
        Assert.Equal("Artist Name(s)", c.Columns[CatalogField.Artists]);
        Assert.Equal("Release Date", c.Columns[CatalogField.ReleaseDate]);
        Assert.True(ColumnChoice.Parse("  ").IsEmpty);
        Assert.Contains("unknown field 'mood'", Assert.Throws<FormatException>(() => ColumnChoice.Parse("mood=x")).Message);
        Assert.Contains("not field=column", Assert.Throws<FormatException>(() => ColumnChoice.Parse("id")).Message);
        Assert.Contains("named twice", Assert.Throws<FormatException>(() => ColumnChoice.Parse("id=a,id=b")).Message);
    }
}
