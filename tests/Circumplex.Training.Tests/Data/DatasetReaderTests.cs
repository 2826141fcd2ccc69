using Circumplex.Affect;
using Circumplex.Training.Data;
using OpenCvSharp;
using Xunit;

namespace Circumplex.Tests.Training.Data;

public class DatasetReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circumplex-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private void WriteImage(string relative, Scalar colour, int w = 64, int h = 48)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var img = new Mat(h, w, MatType.CV_8UC3, colour);
        Cv2.ImWrite(path, img);
    }

    [Fact]
    public void AffectNet_official_layout_skips_non_emotions_and_minus_two_and_crops_the_box()
    {
        WriteImage("Manually_Annotated_Images/1/a.jpg", new Scalar(0, 0, 255));   // red in BGR
        WriteImage("Manually_Annotated_Images/1/b.jpg", new Scalar(0, 255, 0));
        string csv = Path.Combine(_dir, "training.csv");
        File.WriteAllText(csv, string.Join("\n",
            "subDirectory_filePath,face_x,face_y,face_width,face_height,facial_landmarks,expression,valence,arousal",
            "1/a.jpg,4,4,32,32,\"1;2\",1,0.5,0.25",
            "1/b.jpg,0,0,48,48,\"1;2\",9,0.1,0.1",       // uncertain
            "1/b.jpg,0,0,48,48,\"1;2\",10,-2,-2",        // no face
            "1/b.jpg,0,0,48,48,\"1;2\",2,-2,0.3",        // valence -2
            "1/b.jpg,0,0,0,48,\"1;2\",2,0.1,0.3") + "\n"); // empty box
        using var ds = DatasetOpener.Open(csv, Path.Combine(_dir, "Manually_Annotated_Images"));
        var s = Assert.Single(ds.Samples);
        Assert.Equal(Expression.Happy, s.Expression);
        Assert.Equal(new FaceBox(4, 4, 32, 32), s.Box);
        Assert.Equal(4, ds.Skipped.Count);
        Assert.Contains("line 3", ds.Skipped[0]);
        Assert.Contains("-2", ds.Skipped[2]);
        var chw = TrainingImageLoader.Load(ds.Images.Read(s.ImageKey), s.Box, 16);
        Assert.Equal(3 * 16 * 16, chw.Length);
        Assert.True(chw[0] > 0.9f && chw[16 * 16] < 0.1f, "red must land in the R plane");
    }

    [Fact]
    public void Generic_csv_reports_missing_images_and_paths_outside_its_folder()
    {
        WriteImage("faces/x.png", new Scalar(10, 20, 30));
        string csv = Path.Combine(_dir, "labels.csv");
        File.WriteAllText(csv, "path,valence,arousal,expression\nfaces/x.png,0.1,-0.2,sad\nfaces/missing.png,0.1,0.1,\n../../etc/passwd,0,0,\nfaces/x.png,3,0,\n");
        using var ds = DatasetOpener.Open(csv);
        var s = Assert.Single(ds.Samples);
        Assert.Equal(Expression.Sad, s.Expression);
        Assert.Equal(3, ds.Skipped.Count);
        Assert.Contains("missing", ds.Skipped[0]);
        Assert.Contains("outside", ds.Skipped[1]);
    }

    [Fact]
    public void Folder_per_class_maps_names_and_converts_grey_to_three_channels()
    {
        using (var grey = new Mat(48, 48, MatType.CV_8UC1, new Scalar(128)))
        {
            Directory.CreateDirectory(Path.Combine(_dir, "train", "angry"));
            Cv2.ImWrite(Path.Combine(_dir, "train", "angry", "1.jpg"), grey);
            Directory.CreateDirectory(Path.Combine(_dir, "train", "bored"));
            Cv2.ImWrite(Path.Combine(_dir, "train", "bored", "2.jpg"), grey);
        }
        using var ds = DatasetOpener.Open(Path.Combine(_dir, "train"));
        var s = Assert.Single(ds.Samples);
        Assert.Equal(Expression.Anger, s.Expression);
        Assert.False(s.HasAffect);
        Assert.Contains("bored", Assert.Single(ds.Skipped));
        var chw = TrainingImageLoader.Load(ds.Images.Read(s.ImageKey), null, 32);
        Assert.Equal(chw[0], chw[32 * 32], 3);
    }

    [Fact]
    public void Unknown_layouts_and_missing_paths_get_clear_errors()
    {
        string csv = Path.Combine(_dir, "odd.csv");
        File.WriteAllText(csv, "a,b\n1,2\n");
        Assert.Contains("unknown dataset layout", Assert.Throws<InvalidDataException>(() => DatasetOpener.Open(csv)).Message);
        Assert.Throws<FileNotFoundException>(() => DatasetOpener.Open(Path.Combine(_dir, "none.csv")));
        File.WriteAllText(Path.Combine(_dir, "bad.zip"), "not a zip");
        Assert.Throws<InvalidDataException>(() => DatasetOpener.Open(Path.Combine(_dir, "bad.zip")));
    }

    [Fact]
    public void Stratified_split_holds_out_the_fraction_of_every_class_and_keeps_the_store_open()
    {
        string csv = SharedData.Require("faces/affectnet_val_subset/labels_train.csv");
        using var ds = DatasetOpener.Open(csv);
        var (train, validation) = DatasetSplit.Stratified(ds, 0.15, seed: 1);
        Assert.Equal(2_040, train.Samples.Count);
        Assert.Equal(360, validation.Samples.Count);
        Assert.All(Expressions.All, e => Assert.Equal(45, validation.ClassCounts()[e]));
        Assert.Empty(train.Samples.Select(s => s.ImageKey).Intersect(validation.Samples.Select(s => s.ImageKey)));
        validation.Dispose();
        Assert.NotEmpty(ds.Images.Read(train.Samples[0].ImageKey));
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplit.Stratified(ds, 1.0, 1));
    }

    [Fact]
    public void Real_affectnet_subset_reads_from_its_zip_in_place()
    {
        string csv = SharedData.Require("faces/affectnet_val_subset/labels_test.csv");
        using var ds = DatasetOpener.Open(csv);
        Assert.Equal(800, ds.Samples.Count);
        Assert.Empty(ds.Skipped);
        Assert.True(ds.HasAffect);
        Assert.All(Expressions.All, e => Assert.Equal(100, ds.ClassCounts()[e]));
        var chw = TrainingImageLoader.Load(ds.Images.Read(ds.Samples[0].ImageKey), null, 64);
        Assert.Equal(3 * 64 * 64, chw.Length);
        Assert.InRange(chw.Average(), 0.05f, 0.95f);
    }

    [Fact]
    public void Real_fer2013_test_zip_has_the_standard_class_counts()
    {
        string zip = SharedData.Require("faces/fer2013/fer2013_test.zip");
        using var ds = DatasetOpener.Open(zip);
        Assert.Equal(7_178, ds.Samples.Count);
        var counts = ds.ClassCounts();
        Assert.Equal(958, counts[Expression.Anger]);
        Assert.Equal(111, counts[Expression.Disgust]);
        Assert.Equal(1_774, counts[Expression.Happy]);
        Assert.False(counts.ContainsKey(Expression.Contempt));
        Assert.False(ds.HasAffect);
    }
}
