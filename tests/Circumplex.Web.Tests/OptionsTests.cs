namespace Circumplex.Web.Tests;

public class OptionsTests
{
    [Theory]
    [InlineData("foo")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData(";")]
    public void Bad_urls_are_refused_before_anything_starts(string urls)
    {
        var e = Assert.Throws<ArgumentException>(() => CircumplexWebApp.Create(new WebOptions { DatabasePath = "/nonexistent/never-created.db", Urls = urls }));
        Assert.True(e.Message.Contains("is not a URL to listen on") || e.Message.Contains("no URL"), e.Message);
        Assert.False(Directory.Exists("/nonexistent"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://*:5000;http://localhost:5001")]
    [InlineData("https://+:5443")]
    public void Kestrel_style_urls_are_accepted(string urls) =>
        new WebOptions { DatabasePath = "x.db", Urls = urls }.Validate();

    [Fact]
    public void Limits_must_make_sense()
    {
        Assert.Throws<ArgumentException>(() => new WebOptions { DatabasePath = "x.db", MaxK = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new WebOptions { DatabasePath = "x.db", AnalyzeConcurrency = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new WebOptions { DatabasePath = "x.db", MaxPhotoBytes = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new WebOptions { DatabasePath = " " }.Validate());
        Assert.Throws<ArgumentException>(() => new WebOptions { DatabasePath = "x.db", AnalyzeRateLimit = new(0, 5) }.Validate());
        Assert.Throws<ArgumentException>(() => new WebOptions { DatabasePath = "x.db", FeedbackRateLimit = new(10, 0) }.Validate());
        Assert.Throws<ArgumentException>(() => new WebOptions { DatabasePath = "x.db", MinBodyBytesPerSecond = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new WebOptions { DatabasePath = "x.db", BodyTimeout = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentException>(() => new WebOptions { DatabasePath = "x.db", CatalogCheckInterval = TimeSpan.Zero }.Validate());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://localhost:5000;http://[::1]:5001", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://0.0.0.0:5000", "*")]
    [InlineData("http://*:5000", "*")]
    public void Allowed_hosts_default_to_the_loopback_names_only_when_listening_on_loopback(string urls, string hosts) =>
        Assert.Equal(hosts, string.Join(';', new WebOptions { DatabasePath = "x.db", Urls = urls }.ResolvedAllowedHosts()));

    [Fact]
    public void The_data_folder_is_the_sqlite_files_folder_or_the_users_data_folder_for_postgresql()
    {
        Assert.Equal(Path.GetFullPath("/srv/c"), new WebOptions { DatabasePath = "/srv/c/x.db" }.ResolvedDataDirectory());
        Assert.Equal(Path.GetDirectoryName(Music.Storage.CatalogDatabase.DefaultFilePath()),
            new WebOptions { DatabasePath = "postgresql://u@db:5432/c" }.ResolvedDataDirectory());
        Assert.Equal(Path.GetFullPath("/var/lib/c"), new WebOptions { DatabasePath = "postgresql://u@db:5432/c", DataDirectory = "/var/lib/c" }.ResolvedDataDirectory());
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_with_a_clear_message()
    {
        string dir = Directory.CreateTempSubdirectory("circumplex-web-bad-").FullName;
        try
        {
            string db = Path.Combine(dir, "notes.db");
            await File.WriteAllTextAsync(db, "my notes, not a database", TestContext.Current.CancellationToken);
            var e = Assert.Throws<InvalidDataException>(() => CircumplexWebApp.Create(new WebOptions { DatabasePath = db }));
            Assert.Contains("is not a SQLite database", e.Message);
            Assert.Equal("my notes, not a database", await File.ReadAllTextAsync(db, TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
