using System.CommandLine;
using System.Text.Json;
using Circumplex.Affect;
using Circumplex.Music;
using Circumplex.Music.Storage;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>`circumplex recommend --valence V --arousal A`: the k songs nearest to a point of the circumplex.</summary>
public static class RecommendCommand
{
    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var valence = new Option<double>("--valence", "-v") { Description = "Valence in [-1, 1]", Required = true };
        var arousal = new Option<double>("--arousal", "-a") { Description = "Arousal in [-1, 1]", Required = true };
        var k = new Option<int>("-k") { Description = "How many songs", DefaultValueFactory = _ => 5 };
        var maxPerArtist = PlaylistOptions.MaxPerArtist();
        var command = new Command("recommend", "The songs nearest to a (valence, arousal) point, each song once (copies under other ids left out)")
        {
            valence, arousal, k, maxPerArtist, CommonOptions.Json,
        };
        command.SetAction(parse =>
        {
            var point = AffectPoint.Strict(parse.GetValue(valence), parse.GetValue(arousal));
            int count = parse.GetValue(k);
            if (count is <= 0 or > 1000) throw new ArgumentOutOfRangeException("-k", count, "k must lie in 1..1000");
            using var store = CatalogDatabase.OpenCatalog(CommonOptions.DatabaseOf(parse));
            var recommendations = Recommender.FromStore(store).Recommend(point, count, PlaylistOptions.Cap(parse.GetValue(maxPerArtist)));
            if (parse.GetValue(CommonOptions.Json)) stdout.WriteLine(ToJson(point, recommendations));
            else console.Write(SongTable.Create(point, recommendations));
            return 0;
        });
        return command;
    }

    internal static string ToJson(AffectPoint point, IReadOnlyList<Recommendation> recommendations) =>
        JsonSerializer.Serialize(new
        {
            valence = point.Valence,
            arousal = point.Arousal,
            songs = recommendations.Select(r => new
            {
                rank = r.Rank,
                id = r.Song.Id,
                title = r.Song.Title,
                artists = r.Song.Artists,
                year = r.Song.Year,
                valence = r.Song.Point.Valence,
                arousal = r.Song.Point.Arousal,
                distance = r.Distance,
                url = r.Song.SpotifyUrl,
            }),
        }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
