using System.CommandLine;
using System.Text.Json;
using Circumplex.Acquisition;
using Circumplex.Analysis;
using Circumplex.Music;
using Circumplex.Music.Storage;
using Spectre.Console;

namespace Circumplex.Cli.Commands;

/// <summary>`circumplex analyze PHOTO`: faces, valence/arousal, emotion and the nearest songs for one photo.</summary>
public static class AnalyzeCommand
{
    public static Command Create(IAnsiConsole console, TextWriter stdout)
    {
        var photo = new Argument<FileInfo>("PHOTO") { Description = "A JPEG, PNG, WebP or BMP photo with a face" };
        var model = new Option<string?>("--model") { Description = "Model file (default: the shipped model)" };
        var allFaces = new Option<bool>("--all-faces") { Description = "Analyse every face found, not only the largest" };
        var k = new Option<int>("-k") { Description = "How many songs", DefaultValueFactory = _ => 5 };
        var command = new Command("analyze", "Find the face, estimate valence/arousal, name the emotion and recommend songs")
        {
            photo, model, allFaces, k, CommonOptions.Json,
        };
        command.SetAction(parse =>
        {
            int count = parse.GetValue(k);
            if (count is <= 0 or > 1000) throw new ArgumentOutOfRangeException("-k", count, "k must lie in 1..1000");
            var file = parse.GetRequiredValue(photo);
            if (!file.Exists) throw new FileNotFoundException($"photo not found: {file.FullName}", file.FullName);
            using var analyzer = new PhotoAffectAnalyzer(DefaultModel.Resolve(parse.GetValue(model)), memoryBudgetBytes: 0); // one-shot: the process ends
            var mode = parse.GetValue(allFaces) ? MultiFaceMode.Each : MultiFaceMode.Largest;
            FaceAcquisitionResult faces;
            IReadOnlyList<Emotion.AffectReading> readings;
            try
            {
                (faces, readings) = analyzer.AnalyzeFaces(File.ReadAllBytes(file.FullName), mode);
            }
            catch (PhotoRejectedException e)
            {
                throw new InvalidDataException($"{file.Name}: {e.Message}", e);
            }
            using var store = CatalogDatabase.OpenCatalog(CommonOptions.DatabaseOf(parse));
            var recommender = Recommender.FromStore(store);
            var results = faces.Crops.Select((crop, i) => new
            {
                Box = crop.Face,
                Point = readings[i].Point,
                readings[i].Emotion,
                Songs = recommender.SongCount == 0 ? [] : recommender.Recommend(readings[i].Point, count),
            }).ToArray();

            if (parse.GetValue(CommonOptions.Json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    photo = file.Name,
                    width = faces.ImageWidth,
                    height = faces.ImageHeight,
                    model = analyzer.ModelName,
                    faces = results.Select(r => new
                    {
                        box = new { x = r.Box.X, y = r.Box.Y, width = r.Box.Width, height = r.Box.Height },
                        valence = r.Point.Valence,
                        arousal = r.Point.Arousal,
                        emotion = Affect.Expressions.Name(r.Emotion),
                        songs = r.Songs.Select(s => new { rank = s.Rank, id = s.Song.Id, title = s.Song.Title, artists = s.Song.Artists, year = s.Song.Year, distance = s.Distance, url = s.Song.SpotifyUrl }),
                    }),
                }, new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            console.MarkupLineInterpolated($"{file.Name}: {faces.ImageWidth}×{faces.ImageHeight}, {faces.Faces.Count} face(s) found; model {analyzer.ModelName}");
            foreach (var r in results)
            {
                console.MarkupLineInterpolated($"face at ({r.Box.X}, {r.Box.Y}) {r.Box.Width}×{r.Box.Height}: valence [bold]{r.Point.Valence:0.000}[/], arousal [bold]{r.Point.Arousal:0.000}[/] → [green]{Affect.Expressions.Name(r.Emotion)}[/]");
                if (r.Songs.Count > 0) console.Write(SongTable.Create(r.Point, r.Songs));
                else console.WriteLine("The catalog is empty: load one with `circumplex catalog import FILE` to get songs.");
            }
            return 0;
        });
        return command;
    }
}
