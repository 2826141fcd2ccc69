using Circumplex.Music.Import;
using Xunit;

namespace Circumplex.Tests.Music;

public class CatalogReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-reader-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string WriteFile(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Quoted_commas_python_lists_and_utf8_come_through_intact()
    {
        string csv = SyntheticCatalog.Kaggle600kHeader + "\n" +
            SyntheticCatalog.Row("0000000000000000000001", "Hello, \"World\"", ["Guns N' Roses", "Björk, Sigur Rós"], 0.75, 0.25) + "\n" +
            SyntheticCatalog.Row("0000000000000000000002", "夜に駆ける", ["YOASOBI"], 1, 0, "5/1/2019") + "\n";
        var result = CatalogReader.Read(WriteFile("t.csv", csv));
        Assert.Empty(result.Errors);
        Assert.Equal(CatalogSchemas.Kaggle600k, result.Schema);
        var first = result.Songs[0];
        Assert.Equal("Hello, \"World\"", first.Title);
        Assert.Equal(["Guns N' Roses", "Björk, Sigur Rós"], first.Artists);
        Assert.Equal(0.5, first.Point.Valence, 12);
        Assert.Equal(-0.5, first.Point.Arousal, 12);
        Assert.Equal(1999, first.Year);
        Assert.Equal("夜に駆ける", result.Songs[1].Title);
        Assert.Equal(2019, result.Songs[1].Year);
        Assert.Equal("https://open.spotify.com/track/0000000000000000000002", result.Songs[1].SpotifyUrl);
    }

    [Fact]
    public void Overlong_fields_are_cut_at_import_and_each_cut_row_is_reported()
    {
        string longTitle = new string('t', SongFieldLimits.Title - 1) + "😀" + "tail";
        string[] manyArtists = Enumerable.Range(0, SongFieldLimits.Artists + 5).Select(i => $"A{i}").ToArray();
        string csv = SyntheticCatalog.Kaggle600kHeader + "\n" +
            SyntheticCatalog.Row("0000000000000000000001", "Fine", ["Fine"], 0.5, 0.5) + "\n" +
            SyntheticCatalog.Row("0000000000000000000002", longTitle, [new string('a', 1000)], 0.5, 0.5) + "\n" +
            SyntheticCatalog.Row("0000000000000000000003", "Crowded", manyArtists, 0.5, 0.5) + "\n";
        var result = CatalogReader.Read(WriteFile("long.csv", csv));
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Songs.Count);
        // The cut never splits the emoji's surrogate pair: the title stops before it.
        Assert.Equal(new string('t', SongFieldLimits.Title - 1), result.Songs[1].Title);
        Assert.Equal(SongFieldLimits.Artist, result.Songs[1].Artists[0].Length);
        Assert.Equal(manyArtists[..SongFieldLimits.Artists], result.Songs[2].Artists);
        Assert.Equal([3, 4], result.Warnings.Select(w => w.Line));
        Assert.Equal($"track 0000000000000000000002: title cut from {longTitle.Length} to {SongFieldLimits.Title - 1} characters; artist 1 cut from 1,000 to 200 characters",
            result.Warnings[0].Reason);
        Assert.Contains("55 artists cut to the first 50", result.Warnings[1].Reason);
    }

    [Fact]
    public void Broken_rows_are_reported_with_their_line_numbers_and_good_rows_kept()
    {
        string good(int i) => SyntheticCatalog.Row($"00000000000000000000{i:00}", $"Song {i}", ["A"], 0.5, 0.5);
        string csv = string.Join("\n",
            SyntheticCatalog.Kaggle600kHeader,       // line 1
            good(1),                                  // 2
            SyntheticCatalog.Row("short", "Bad id", ["A"], 0.5, 0.5),       // 3
            SyntheticCatalog.Row("0000000000000000000003", "Bad v", ["A"], 0.5, 0.5).Replace(",0.5,120.0", ",1.5,120.0"), // 4
            "0000000000000000000004,too,few,fields", // 5
            SyntheticCatalog.Row("0000000000000000000005", "Multi\nline", ["A"], 0.1, 0.2), // 6-7
            SyntheticCatalog.Row("0000000000000000000006", "No artist", [], 0.5, 0.5), // 8
            good(1),                                  // 9: repeated id
            SyntheticCatalog.Row("0000000000000000000007", "Bad list", ["A"], 0.5, 0.5).Replace("['A']", "[A]"), // 10
            good(8)) + "\n";                          // 11
        var result = CatalogReader.Read(WriteFile("broken.csv", csv));
        Assert.Equal(["0000000000000000000001", "0000000000000000000005", "0000000000000000000008"], result.Songs.Select(s => s.Id));
        Assert.Equal("Multi\nline", result.Songs[1].Title);
        Assert.Equal([3, 4, 5, 8, 10], result.Errors.Select(e => e.Line));
        Assert.Contains("Spotify id", result.Errors[0].Reason);
        Assert.Contains("valence '1.5'", result.Errors[1].Reason);
        Assert.Contains("4 fields", result.Errors[2].Reason);
        Assert.Contains("no artist", result.Errors[3].Reason);
        Assert.Contains("not a quoted string", result.Errors[4].Reason);
        Assert.Equal(1, result.Duplicates);
        Assert.Equal(9, result.RowsRead);
    }

    [Fact]
    public void Unknown_schema_names_the_expected_columns()
    {
        var ex = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(WriteFile("u.csv", "a,b,c\n1,2,3\n")));
        Assert.Contains("unknown schema", ex.Message);
        Assert.Contains("track_id", ex.Message);
        Assert.Contains("[a,b,c]", ex.Message);
    }

    [Fact]
    public void Binary_and_empty_files_are_rejected()
    {
        string png = Path.Combine(_dir, "x.png");
        File.WriteAllBytes(png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
        Assert.Contains("binary", Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(png)).Message);
        Assert.Contains("empty", Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(WriteFile("e.csv", ""))).Message);
        Assert.Contains("no rows", Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(WriteFile("h.csv", SyntheticCatalog.Kaggle600kHeader + "\n"))).Message);
        Assert.Throws<FileNotFoundException>(() => CatalogReader.Read(Path.Combine(_dir, "missing.csv")));
    }

    [Fact]
    public void Semicolon_artists_of_the_114k_schema_are_split()
    {
        string csv = ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre\n" +
                     "0,5SuOikwiRyPMVoIQDJUgSV,Gen Hoshino;Ben Folds,Comedy,\"Comedy, Live\",73,230666,False,0.676,0.461,1,-6.746,0,0.143,0.0322,1.01e-06,0.358,0.715,87.917,4,acoustic\n";
        var result = CatalogReader.Read(WriteFile("hf.csv", csv));
        Assert.Equal(CatalogSchemas.HuggingFace114k, result.Schema);
        var song = Assert.Single(result.Songs);
        Assert.Equal(["Gen Hoshino", "Ben Folds"], song.Artists);
        Assert.Equal("Comedy, Live", song.Title);
        Assert.Equal("Comedy", song.Album);
        Assert.False(song.Explicit);
        Assert.Equal(73, song.Popularity);
    }

    [Theory]
    [InlineData("telepatÃ\u00ADa", "telepatía")]
    [InlineData("Café", "Café")]
    [InlineData("BeyoncÃ©", "Beyoncé")]
    [InlineData("BÃ˜RNS", "BØRNS")]
    [InlineData("Café’s", "Café’s")]
    [InlineData("plain", "plain")]
    public void Double_encoded_utf8_is_repaired_and_real_text_left_alone(string input, string expected)
    {
        Assert.Equal(expected, MojibakeRepair.Repair(input));
    }

    [Fact]
    public void Each_row_gets_only_its_own_artists_and_quoted_fields_lose_only_their_quotes()
    {
        // Rows reuse per-thread scratch lists: a long list, a refused list and a short one must not bleed into each other.
        string csv = SyntheticCatalog.Kaggle600kHeader + "\n" +
            SyntheticCatalog.Row("0000000000000000000001", "Three", ["A", "B", "C"], 0.5, 0.5) + "\n" +
            SyntheticCatalog.Row("0000000000000000000002", "One", ["D"], 0.5, 0.5) + "\n" +
            SyntheticCatalog.Row("0000000000000000000003", "Broken", ["E"], 0.5, 0.5).Replace("['E']", "\"['E', 'F'\"") + "\n" +
            SyntheticCatalog.Row("0000000000000000000004", "\"Quoted\" at both ends", ["G"], 0.5, 0.5) + "\n";
        var result = CatalogReader.Read(WriteFile("artists.csv", csv));
        Assert.Equal([4], result.Errors.Select(e => e.Line));
        Assert.Equal(["A", "B", "C"], result.Songs[0].Artists);
        Assert.Equal(["D"], result.Songs[1].Artists);
        Assert.Equal(["G"], result.Songs[2].Artists);
        Assert.Equal("\"Quoted\" at both ends", result.Songs[2].Title);
    }
}
