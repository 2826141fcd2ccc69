using System.Collections.Concurrent;
using System.Xml.Linq;
using Circumplex.Acquisition;
using Circumplex.Tests;

namespace Circumplex.Vision.Tests.Acquisition;

/// <summary>One row of shared/data/photos/manifest.csv.</summary>
internal sealed record ManifestPhoto(string File, int Width, int Height, string Mode, bool HasHumanFace, string FaceCount)
{
    /// <summary>The leading number of face_count ("~25 (collage…)" → 25), or null.</summary>
    public int? ExpectedFaces
    {
        get
        {
            string digits = new(FaceCount.TrimStart('~').TakeWhile(char.IsAsciiDigit).ToArray());
            return int.TryParse(digits, out int n) ? n : null;
        }
    }
}

/// <summary>
/// The real photos of shared/data/photos (skipped when absent) and one detection run over all of them with the default
/// detector, computed once and shared by the tests that look at it.
/// </summary>
internal static class PhotoSet
{
    private static readonly Lazy<IReadOnlyList<ManifestPhoto>> ManifestRows = new(LoadManifest);
    private static readonly Lazy<FaceDetector> SharedDetector = new(() => new FaceDetector());
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<FaceBox>>> Detections = new(DetectAll);
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<FaceBox>>> GroundTruth = new(LoadGroundTruth);

    public static string Root => Path.GetDirectoryName(SharedData.Require("photos/manifest.csv"))!;

    public static IReadOnlyList<ManifestPhoto> Manifest => ManifestRows.Value;

    public static FaceDetector Detector => SharedDetector.Value;

    public static string PathOf(string file) => SharedData.Require("photos/" + file);

    /// <summary>Faces found by the default detector in each manifest photo (by manifest file name).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FaceBox>> DefaultDetections => Detections.Value;

    /// <summary>dlib's hand-labelled face boxes (training.xml + testing.xml), by manifest file name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FaceBox>> DlibGroundTruth => GroundTruth.Value;

    private static IReadOnlyList<ManifestPhoto> LoadManifest()
    {
        string[] lines = File.ReadAllLines(SharedData.Require("photos/manifest.csv"));
        return lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            List<string> f = SplitCsv(line);
            return new ManifestPhoto(f[0], int.Parse(f[1]), int.Parse(f[2]), f[3], f[4] == "yes", f[5]);
        }).ToList();
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<FaceBox>> DetectAll()
    {
        var decoder = new PhotoDecoder();
        var results = new ConcurrentDictionary<string, IReadOnlyList<FaceBox>>();
        Parallel.ForEach(Manifest, new ParallelOptions { MaxDegreeOfParallelism = 2 }, photo =>
        {
            using DecodedPhoto decoded = decoder.Decode(PathOf(photo.File));
            results[photo.File] = Detector.Detect(decoded.Image);
        });
        return results;
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<FaceBox>> LoadGroundTruth()
    {
        var truth = new Dictionary<string, IReadOnlyList<FaceBox>>();
        foreach (string xml in new[] { "training.xml", "testing.xml" })
        {
            foreach (XElement image in XDocument.Load(SharedData.Require("photos/dlib_faces/" + xml)).Descendants("image"))
            {
                truth["dlib_faces/" + (string)image.Attribute("file")!] = image.Elements("box")
                    .Where(b => (string?)b.Attribute("ignore") != "1")
                    .Select(b => new FaceBox((int)b.Attribute("left")!, (int)b.Attribute("top")!,
                        (int)b.Attribute("width")!, (int)b.Attribute("height")!))
                    .ToList();
            }
        }
        return truth;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
