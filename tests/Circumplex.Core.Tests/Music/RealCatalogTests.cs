using Circumplex.Music.Import;
using Xunit;

namespace Circumplex.Tests.Music;

/// <summary>Every real catalog in ../shared/data/catalogs imports with its schema detected (PROVENANCE.md gives the counts).</summary>
public class RealCatalogTests
{
    [Theory]
    [InlineData("catalogs/tracks600k_first5000/tracks.csv", "kaggle-600k", 5000, 5000)]
    [InlineData("catalogs/tracks600k_first5000/tracks_5k_w_genres.csv", "kaggle-600k", 5000, 5000)]
    [InlineData("catalogs/tracks600k_popular_sample/tracks_sample.csv", "kaggle-600k", 259, 259)]
    [InlineData("catalogs/hf114k_sample10k/dataset_sample.csv", "hf-114k", 10000, 9748)]
    [InlineData("catalogs/hf114k_sample2k/spotify_sample.csv", "hf-114k", 2024, 2024)]
    [InlineData("catalogs/tracks1200k_sample5k/tracks_mid_5k.csv", "kaggle-1.2m", 4999, 4999)]
    [InlineData("catalogs/genre_crawl_2020/tracks.csv", "genre-crawl", 11200, 10961)]
    [InlineData("catalogs/audio_features_2019_sample4k/spotify_sample.csv", "audio-features-2019", 4000, 4000)]
    [InlineData("catalogs/top_hits_2010_2022/playlist_2010to2022.csv", "top-hits", 2300, 2201)]
    [InlineData("catalogs/moods686/data_moods.csv", "moods", 686, 686)]
    public void Real_catalog_imports(string file, string schema, int rows, int songs)
    {
        string path = SharedData.Require(file);
        var result = CatalogReader.Read(path);
        Assert.Equal(schema, result.Schema.Name);
        Assert.Equal(rows, result.RowsRead);
        Assert.Equal(songs, result.Songs.Count);
        Assert.Equal(rows, result.Songs.Count + result.Errors.Count + result.Duplicates);
        Assert.All(result.Songs, s =>
        {
            Assert.InRange(s.Point.Valence, -1, 1);
            Assert.InRange(s.Point.Arousal, -1, 1);
            Assert.NotEmpty(s.Artists);
        });
    }

    [Fact]
    public void First_row_of_the_kaggle_file_is_carve_by_uli()
    {
        var result = CatalogReader.Read(SharedData.Require("catalogs/tracks600k_first5000/tracks.csv"));
        var carve = result.Songs[0];
        Assert.Equal("35iwgR4jXetI318WEWsa1Q", carve.Id);
        Assert.Equal("Carve", carve.Title);
        Assert.Equal(["Uli"], carve.Artists);
        Assert.Equal(1922, carve.Year);
    }

    [Fact]
    public void Excel_resaved_file_has_its_bom_dates_and_mojibake_handled()
    {
        var result = CatalogReader.Read(SharedData.Require("catalogs/tracks600k_popular_sample/tracks_sample.csv"));
        Assert.Empty(result.Errors);
        Assert.All(result.Songs, s => Assert.NotNull(s.Year));
        Assert.DoesNotContain(result.Songs, s => s.Title.Contains('Ã') || s.Artists.Any(a => a.Contains('Ã')));
    }
}
