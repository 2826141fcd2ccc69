using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Circumplex.Web.Tests;

public class CatalogUploadTests
{
    private static MultipartFormDataContent Csv(string text, string name = "songs.csv") =>
        Http.Multipart("file", Encoding.UTF8.GetBytes(text), name, "text/csv");

    [Fact]
    public async Task An_empty_catalog_says_how_to_load_one_and_recommend_is_a_409()
    {
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), withCatalog: false);
        var c = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        Assert.True(c.Empty);
        Assert.Equal(0, c.SongCount);
        Assert.Contains("POST /api/catalog/upload", c.HowToLoad);
        Assert.Contains("circumplex catalog import FILE", c.HowToLoad);
        Assert.Empty(c.Imports);
        await Http.Problem(await host.Client.Get("/api/recommend?valence=0&arousal=0"), HttpStatusCode.Conflict, "the catalog is empty");
    }

    [Fact]
    public async Task Uploading_the_real_catalog_imports_it_and_the_index_switches_at_once()
    {
        string csv = TestServerHost.CatalogPath;
        await using var host = await TestServerHost.StartAsync(new FakePhotoAnalyzer(), withCatalog: false);
        var u = await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload",
            Http.Multipart("file", await File.ReadAllBytesAsync(csv, TestContext.Current.CancellationToken), "tracks.csv", "text/csv")));
        Assert.Equal("tracks.csv", u.FileName);
        Assert.Equal("kaggle-600k", u.Schema);
        Assert.Equal(5000, u.RowsRead);
        Assert.Equal(5000, u.SongsImported);
        Assert.Equal(0, u.MalformedRows);
        Assert.Empty(u.FirstMalformedRows);
        Assert.Equal(5000, u.SongCount);
        var rec = await Http.Ok<RecommendResponse>(await host.Client.Get("/api/recommend?valence=0&arousal=0"));
        Assert.Equal(5, rec.Songs.Count);
        var c = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        Assert.Equal(5000, c.SongCount);
        Assert.Equal(1, c.Generation);
        Assert.Equal("tracks.csv", Assert.Single(c.Imports).Source);
    }

    [Fact]
    public async Task Malformed_rows_are_skipped_and_the_first_ones_listed_with_line_numbers()
    {
        await using var host = await TestServerHost.StartAsync(null, withCatalog: false);
        var rows = new StringBuilder(SyntheticCatalog.Kaggle600kHeader + "\n");
        var rng = new Random(3);
        for (int i = 0; i < 30; i++) rows.AppendLine(SyntheticCatalog.Row(SyntheticCatalog.RandomId(rng), $"Song {i}", ["A"], 0.5, 0.5));
        rows.AppendLine(SyntheticCatalog.Row("short-id", "Bad id", ["A"], 0.5, 0.5));            // line 32
        rows.AppendLine(SyntheticCatalog.Row(SyntheticCatalog.RandomId(rng), "Bad valence", ["A"], 1.5, 0.5)); // line 33
        for (int i = 0; i < 25; i++) rows.AppendLine(SyntheticCatalog.Row(SyntheticCatalog.RandomId(rng), "", ["A"], 0.5, 0.5));
        var u = await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload", Csv(rows.ToString())));
        Assert.Equal(57, u.RowsRead);
        Assert.Equal(30, u.SongsImported);
        Assert.Equal(27, u.MalformedRows);
        Assert.Equal(20, u.FirstMalformedRows.Count);
        Assert.Equal(32, u.FirstMalformedRows[0].Line);
        Assert.Contains("not a 22-character Spotify id", u.FirstMalformedRows[0].Reason);
        Assert.Equal(33, u.FirstMalformedRows[1].Line);
        Assert.Contains("valence '1.5'", u.FirstMalformedRows[1].Reason);

        // strict refuses the whole file and lists the rows
        var p = await Http.Problem(await host.Operator.Post("/api/catalog/upload?strict=true", Csv(rows.ToString())),
            HttpStatusCode.UnprocessableEntity, "strict import refused: 27 malformed rows");
        Assert.Equal(20, p.GetProperty("firstMalformedRows").GetArrayLength());
        Assert.Equal(30, (await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"))).SongCount);
    }

    [Fact]
    public async Task Replace_empties_the_catalog_first_and_recommendations_follow()
    {
        await using var host = await TestServerHost.StartAsync(null);
        string one = SyntheticCatalog.Kaggle600kHeader + "\n" + SyntheticCatalog.Row("AAAAAAAAAAAAAAAAAAAAAA", "Only song", ["Solo"], 0.1, 0.9) + "\n";
        var u = await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload?replace=true", Csv(one, "one.csv")));
        Assert.True(u.Replaced);
        Assert.Equal(1, u.SongCount);
        var rec = await Http.Ok<RecommendResponse>(await host.Client.Get("/api/recommend?valence=1&arousal=-1&k=5"));
        Assert.Equal("Only song", Assert.Single(rec.Songs).Title);
    }

    [Fact]
    public async Task Recommendations_never_fail_while_an_upload_replaces_the_catalog()
    {
        await using var host = await TestServerHost.StartAsync(null);
        string csv = TestServerHost.CatalogPath;
        byte[] data = await File.ReadAllBytesAsync(csv, TestContext.Current.CancellationToken);
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        int served = 0;
        var readers = Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
        {
            var rng = new Random(i);
            while (!stop.IsCancellationRequested)
            {
                var r = await host.Client.GetAsync(FormattableString.Invariant($"/api/recommend?valence={rng.NextDouble() * 2 - 1:0.###}&arousal={rng.NextDouble() * 2 - 1:0.###}"));
                if (r.StatusCode != HttpStatusCode.OK)
                {
                    string body = await r.Content.ReadAsStringAsync();
                    lock (failures) failures.Add(body);
                }
                Interlocked.Increment(ref served);
            }
        })).ToArray();
        for (int i = 0; i < 2; i++)
            await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload?replace=true", Http.Multipart("file", data, "tracks.csv", "text/csv")));
        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Empty(failures);
        Assert.True(served > 10, $"{served}");
    }

    [Theory]
    [InlineData("binary", "not a CSV file")]
    [InlineData("unknown", "unknown schema")]
    [InlineData("header-only", "the file has a header but no rows")]
    [InlineData("no-valid-rows", "has no valid song among its 1 rows")]
    public async Task Files_that_are_not_catalogs_are_a_422_and_change_nothing(string kind, string detail)
    {
        await using var host = await TestServerHost.StartAsync(null, withCatalog: false);
        HttpContent content = kind switch
        {
            "binary" => Http.Multipart("file", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 1, 2, 3], "songs.zip", "application/zip"),
            "unknown" => Csv("a,b,c\n1,2,3\n"),
            "header-only" => Csv(SyntheticCatalog.Kaggle600kHeader + "\n"),
            _ => Csv(SyntheticCatalog.Kaggle600kHeader + "\n" + SyntheticCatalog.Row("bad", "x", ["A"], 0.5, 0.5) + "\n"),
        };
        await Http.Problem(await host.Operator.Post("/api/catalog/upload", content), HttpStatusCode.UnprocessableEntity, detail);
        Assert.True((await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"))).Empty);
    }

    [Fact]
    public async Task Replace_with_a_broken_or_mostly_broken_file_is_a_422_and_the_catalog_is_unchanged()
    {
        await using var host = await TestServerHost.StartAsync(null);
        var start = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        int before = start.SongCount;
        Assert.True(before > 0);
        var lines = await File.ReadAllLinesAsync(TestServerHost.CatalogPath, TestContext.Current.CancellationToken);
        // A quote left open in the second row swallows every row after it.
        string unclosed = string.Join("\n", lines.Take(300).Select((l, i) => i == 1 ? l.Insert(l.IndexOf(',') + 1, "\"") : l)) + "\n";
        var p = await Http.Problem(await host.Operator.Post("/api/catalog/upload?replace=true", Csv(unclosed)), HttpStatusCode.UnprocessableEntity, "has no valid song");
        Assert.Equal(1, p.GetProperty("malformedRows").GetInt32());
        Assert.Equal(300, p.GetProperty("firstMalformedRows")[0].GetProperty("lastLine").GetInt32());
        string mostly = string.Join("\n", lines.Take(101).Select((l, i) => i is > 0 and <= 60 ? "not,a,row" : l)) + "\n";
        await Http.Problem(await host.Operator.Post("/api/catalog/upload?replace=true", Csv(mostly)), HttpStatusCode.UnprocessableEntity,
            "60 of its 100 lines (60%) are in malformed rows, above the limit of 50%");
        await Http.Problem(await host.Operator.Post("/api/catalog/upload?replace=true&maxBadShare=lots", Csv(mostly)), HttpStatusCode.BadRequest, "maxBadShare 'lots'");
        var c = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        Assert.Equal(before, c.SongCount);
        Assert.Equal(start.Generation, c.Generation); // no import happened

        var u = await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload?maxBadShare=0.7", Csv(mostly)));
        Assert.Equal(40, u.SongsImported);
        Assert.Equal(0, u.Added);
        Assert.Equal(40, u.Updated);
        Assert.Equal(before, u.SongCount);
    }

    [Fact]
    public async Task An_export_with_other_column_names_imports_and_columns_settle_an_ambiguity()
    {
        await using var host = await TestServerHost.StartAsync(null, withCatalog: false);
        string source = SharedData.Require("catalogs/audio_features_2019_sample4k/spotify_sample.csv");
        var lines = await File.ReadAllLinesAsync(source, TestContext.Current.CancellationToken);
        string renamed = string.Join("\n", [lines[0].Replace("track_id", "Spotify ID").Replace("track_name", "Title") + ",id",
            .. lines.Skip(1).Select((l, i) => l + "," + i)]) + "\n";
        var p = await Http.Problem(await host.Operator.Post("/api/catalog/upload", Csv(renamed, "mine.csv")), HttpStatusCode.UnprocessableEntity,
            "id could be any of the columns 'Spotify ID', 'id'");
        Assert.Contains("upload form", p.GetProperty("detail").GetString());
        var u = await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload?columns=" + Uri.EscapeDataString("id=Spotify ID"), Csv(renamed, "mine.csv")));
        Assert.Equal(4000, u.SongsImported);
        Assert.Equal(4000, u.Added);
        Assert.Equal(0, u.Updated);
        Assert.StartsWith("--columns: id=Spotify ID, title=Title, artists=artist_name", u.Schema);
        Assert.Equal("UTF-8", u.Encoding);
        var c = await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"));
        Assert.StartsWith("--columns: id=Spotify ID", Assert.Single(c.Imports).Schema);
        await Http.Problem(await host.Operator.Post("/api/catalog/upload?columns=mood%3Dx", Csv(renamed)), HttpStatusCode.BadRequest, "columns: unknown field 'mood'");
    }

    [Fact]
    public async Task Uploads_can_be_turned_off()
    {
        await using var host = await TestServerHost.StartAsync(null, withCatalog: false, configure: o => o with { AllowCatalogUpload = false });
        await Http.Problem(await host.Operator.Post("/api/catalog/upload", Csv("a,b\n1,2\n")), HttpStatusCode.Forbidden, "catalog uploads are turned off");
        Assert.False((await Http.Ok<CatalogStatusResponse>(await host.Client.Get("/api/catalog"))).Limits.CatalogUploadAllowed);
    }

    [Fact]
    public async Task No_file_too_large_and_bad_flags_are_refused()
    {
        await using var host = await TestServerHost.StartAsync(null, withCatalog: false, configure: o => o with { MaxCatalogUploadBytes = 10_000 });
        await Http.Problem(await host.Operator.Post("/api/catalog/upload", new MultipartFormDataContent { { new StringContent("x"), "note" } }),
            HttpStatusCode.BadRequest, "no file: send the catalog CSV as multipart/form-data in a file field named 'file'");
        var big = new StringBuilder(SyntheticCatalog.Kaggle600kHeader + "\n");
        var rng = new Random(1);
        while (big.Length < 20_000) big.AppendLine(SyntheticCatalog.Row(SyntheticCatalog.RandomId(rng), "Song", ["A"], 0.5, 0.5));
        await Http.Problem(await host.Operator.Post("/api/catalog/upload", Csv(big.ToString())), HttpStatusCode.RequestEntityTooLarge, "the catalog file is too large");
        await Http.Problem(await host.Operator.Post("/api/catalog/upload?replace=maybe", Csv("a")), HttpStatusCode.BadRequest, "replace 'maybe' is neither true nor false");
        var json = new StringContent("{}", Encoding.UTF8, "application/json");
        await Http.Problem(await host.Operator.Post("/api/catalog/upload", json), HttpStatusCode.UnsupportedMediaType, "content type 'application/json' is not accepted here");
        // A raw text/csv body works too.
        var raw = new StringContent(SyntheticCatalog.Kaggle600kHeader + "\n" + SyntheticCatalog.Row("BBBBBBBBBBBBBBBBBBBBBB", "Raw", ["A"], 0.5, 0.5) + "\n");
        raw.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        Assert.Equal(1, (await Http.Ok<UploadResponse>(await host.Operator.Post("/api/catalog/upload", raw))).SongsImported);
    }
}
